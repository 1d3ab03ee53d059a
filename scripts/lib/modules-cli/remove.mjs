// `npm run modules -- remove <Name>`: delete a pinned module's file and its pin.
import { existsSync, rmSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { readLock, writeLock } from "../modules-lock.mjs";
import { DEPLOY_HINT, Failure, inside, say, shown } from "./context.mjs";
import { notPinned, pinnedKey } from "./pins.mjs";

/** @typedef {import("./context.mjs").Context} Context */
/** @typedef {import("../modules-lock.mjs").LockEntry} LockEntry */

/**
 * @param {Context} ctx
 * @param {string} name
 * @returns {number}
 */
export function remove(ctx, name) {
  const lock = readLock(ctx.lockPath);
  const key = pinnedKey(lock, name);
  if (!key) throw notPinned(ctx, name);
  const entry = /** @type {LockEntry} */ (lock.modules[key]);
  const file = resolve(dirname(ctx.lockPath), entry.file);
  if (!inside(ctx.dir, file))
    throw new Failure(
      `${entry.file} is outside ${shown(ctx.dir)}, so it is not deleted; run with --dir for its folder.`,
    );
  const existed = existsSync(file);
  rmSync(file, { force: true });
  delete lock.modules[key];
  writeLock(ctx.lockPath, lock);
  say(
    `✓ Removed ${key}: ${existed ? `deleted ${shown(file)}` : `${shown(file)} was already gone`}, and its pin in ${shown(ctx.lockPath)}.`,
  );
  say(DEPLOY_HINT);
  return 0;
}
