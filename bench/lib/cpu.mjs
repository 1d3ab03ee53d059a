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

/**
 * Like `cpuMsOfGroup`, but from the scheduler's nanosecond accounting of each thread
 * (/proc/<pid>/task/<tid>/schedstat) instead of 10 ms ticks: for figures of a single request or
 * event, where ticks would round a 30 ms cost to 20 or 40. Threads that have ended are not
 * counted; workerd keeps its threads.
 * @param {number} pgid @param {string} name
 */
export function cpuMsOfGroupExact(pgid, name) {
  let ns = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (!stat || stat.pgid !== pgid || stat.comm !== name) continue;
    let tasks = [];
    try {
      tasks = readdirSync(`/proc/${entry}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      try {
        ns += Number(readFileSync(`/proc/${entry}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
      } catch {
        // the thread ended meanwhile
      }
    }
  }
  return ns / 1e6;
}
