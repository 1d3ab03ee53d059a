// `npm run modules -- list`: the pinned modules.
import { readLock } from "../modules-lock.mjs";
import { say, shown } from "./context.mjs";

/** @typedef {import("./context.mjs").Context} Context */
/** @typedef {import("../modules-lock.mjs").LockEntry} LockEntry */

/**
 * @param {Context} ctx
 * @returns {number}
 */
export function list(ctx) {
  const lock = readLock(ctx.lockPath);
  const names = Object.keys(lock.modules).sort((a, b) => a.localeCompare(b));
  if (names.length === 0) say(`No modules are pinned in ${shown(ctx.lockPath)}.`);
  for (const name of names) {
    const entry = /** @type {LockEntry} */ (lock.modules[name]);
    const version = entry.version ? ` ${entry.version}` : "";
    const from = entry.repository ? ` (from ${entry.repository})` : "";
    say(`${name}${version}  ${entry.file}  ${entry.url}${from}`);
    say(`  sha256 ${entry.sha256}`);
  }
  return 0;
}
