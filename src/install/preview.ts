import type { ModuleManifest } from "../modules/manifest";
import type { Prepared } from "./prepare";

/** The preview an owner reads before confirming: what the module is, can do and reach. */
export function previewText(prepared: Prepared, confirm: string): string {
  const { source } = prepared;
  if (!prepared.ok) {
    return [
      `🚫 | ${prepared.name ?? "This module"} cannot be installed:`,
      ...prepared.reasons.map((r) => `• ${r}`),
      `SHA-256: ${source.sha256}`,
    ].join("\n");
  }
  const m = prepared.manifest;
  return [
    `📦 | ${m.name}${m.version ? ` ${m.version}` : ""}${m.description ? ` — ${m.description}` : ""}`,
    `Commands: ${describeCommands(m) || "none"}`,
    ...(m.watchers.length > 0 ? [`Watches messages: ${m.watchers.length} pattern(s)`] : []),
    ...(m.on.length > 0 ? [`Listens to: ${m.on.map((h) => h.type).join(", ")}`] : []),
    ...(m.cron.length > 0 ? [`Runs on schedule: ${m.cron.map((c) => c.schedule).join(", ")}`] : []),
    `Network: ${m.network.length > 0 ? m.network.join(", ") : "none"}`,
    "Scan: no findings",
    `SHA-256: ${source.sha256}`,
    `To install exactly this file: ${confirm}`,
  ].join("\n");
}

export function describeCommands(m: ModuleManifest): string {
  return m.commands.map((c) => `${c.name} (${c.security})`).join(", ");
}

/** What an update changes in what the module can do: commands, levels and hosts. */
export function describeChanges(
  before: { commands: { name: string; security: string }[]; network: string[] },
  after: ModuleManifest,
): string[] {
  const lines: string[] = [];
  const old = new Map(before.commands.map((c) => [c.name, c.security]));
  const now = new Map(after.commands.map((c) => [c.name, c.security]));
  for (const [name, level] of now) {
    if (!old.has(name)) lines.push(`+ command ${name} (${level})`);
    else if (old.get(name) !== level) lines.push(`~ command ${name}: ${old.get(name)} → ${level}`);
  }
  for (const [name, level] of old) if (!now.has(name)) lines.push(`- command ${name} (${level})`);
  const hostsBefore = new Set(before.network);
  const hostsAfter = new Set(after.network);
  for (const host of hostsAfter) if (!hostsBefore.has(host)) lines.push(`+ host ${host}`);
  for (const host of hostsBefore) if (!hostsAfter.has(host)) lines.push(`- host ${host}`);
  return lines;
}
