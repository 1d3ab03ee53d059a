import { readdirSync, readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100;

/**
 * CPU time (ms, user + system) of the processes named `name` in process group `pgid`, from
 * the kernel's own accounting in /proc/<pid>/stat.
 * @param {number} pgid @param {string} name
 */
export function cpuMsOfGroup(pgid, name) {
  let ticks = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat && stat.pgid === pgid && stat.comm === name) ticks += stat.utime + stat.stime;
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/** @param {number} pid */
export function cpuMsOfPid(pid) {
  const stat = readStat(pid);
  return stat ? ((stat.utime + stat.stime) * 1000) / TICKS_PER_SECOND : Number.NaN;
}

/** @param {number} pid */
function readStat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    const close = text.lastIndexOf(")");
    const comm = text.slice(text.indexOf("(") + 1, close);
    const fields = text.slice(close + 2).split(" ");
    // After "(comm) ": state ppid pgrp session ... utime is field 14, stime 15 (1-based overall).
    return { comm, pgid: Number(fields[2]), utime: Number(fields[11]), stime: Number(fields[12]) };
  } catch {
    return null;
  }
}
