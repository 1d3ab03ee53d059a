// What every command of the module manager (scripts/modules-cli.mjs) shares: the context it
// runs in, the refusal it throws, and how it talks to the user.
import { relative, resolve, sep } from "node:path";

/**
 * @typedef {object} Context
 * @property {string} dir the modules folder, absolute
 * @property {string} lockPath the lock file, absolute
 * @property {boolean} allowLoopback
 * @property {string | undefined} sha256 the hash the user expects (--sha256)
 */

/** A refusal or failure the user should read: exit 1. */
export class Failure extends Error {}

export const DEPLOY_HINT = "Next: run `npm run deploy` (wrangler deploy) to put the change live.";

/** @param {string} text */
export const say = (text) => process.stdout.write(`${text}\n`);
/** @param {string} text */
export const warn = (text) => process.stderr.write(`${text}\n`);

/**
 * A path as the user would type it: relative to the working folder when under it.
 * @param {string} path
 */
export function shown(path) {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith("..") && !rel.startsWith(sep) ? rel : path;
}

/**
 * @param {string} dir
 * @param {string} file
 */
export function inside(dir, file) {
  return resolve(file).startsWith(resolve(dir) + sep);
}
