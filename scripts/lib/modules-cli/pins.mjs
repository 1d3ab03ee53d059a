// Module files in the modules folder and their pins in the lock file.
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, sep } from "node:path";
import { writeLock } from "../modules-lock.mjs";
import { Failure, inside, shown } from "./context.mjs";

/** @typedef {import("./context.mjs").Context} Context */
/** @typedef {import("../modules-lock.mjs").Lock} Lock */
/** @typedef {import("../modules-lock.mjs").LockEntry} LockEntry */
/** @typedef {import("../module-sources.mjs").Fetched} Fetched */

/**
 * The lock's key for a module name, ignoring case as commands do.
 * @param {Lock} lock
 * @param {string} name
 * @returns {string | undefined}
 */
export function pinnedKey(lock, name) {
  const wanted = name.toLowerCase();
  return Object.keys(lock.modules).find((key) => key.toLowerCase() === wanted);
}

/**
 * @param {Context} ctx
 * @param {string} name
 */
export function notPinned(ctx, name) {
  return new Failure(
    `${name} is not pinned in ${shown(ctx.lockPath)}. Modules that are part of this repository are changed in modules/ by hand; see the pinned ones with: npm run modules -- list`,
  );
}

/**
 * @param {Context} ctx
 * @param {string} name
 * @param {string} ext
 */
export function moduleFile(ctx, name, ext) {
  return join(ctx.dir, `${name.toLowerCase()}${ext}`);
}

/**
 * Writes the module file (atomically; the old file removed when it had another name) and its
 * pin.
 * @param {Context} ctx
 * @param {Lock} lock
 * @param {{ name: string, fetched: Fetched, target: string, version?: string,
 *   repository?: string, replacing?: string }} module
 * @returns {LockEntry}
 */
export function install(ctx, lock, { name, fetched, target, version, repository, replacing }) {
  mkdirSync(ctx.dir, { recursive: true });
  mkdirSync(dirname(ctx.lockPath), { recursive: true });
  const temporary = join(ctx.dir, `.${basename(target)}.${process.pid}.tmp`);
  writeFileSync(temporary, fetched.bytes);
  renameSync(temporary, target);
  if (replacing && replacing !== target && inside(ctx.dir, replacing))
    rmSync(replacing, { force: true });
  /** @type {LockEntry} */
  const entry = {
    url: fetched.url,
    sha256: fetched.sha256,
    file: relative(dirname(ctx.lockPath), target).split(sep).join("/"),
    ...(version ? { version } : {}),
    ...(repository ? { repository } : {}),
  };
  lock.modules[name] = entry;
  writeLock(ctx.lockPath, lock);
  return entry;
}
