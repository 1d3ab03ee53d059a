// `npm run modules -- repo add <url> | repo rm <url> | repo list`: the repositories whose
// indexes `add <Name>` and `search` read.
import { fetchRepository, sourceUrl } from "../module-sources.mjs";
import { readLock, writeLock } from "../modules-lock.mjs";
import { Failure, say, shown } from "./context.mjs";

/** @typedef {import("./context.mjs").Context} Context */

/**
 * @param {Context} ctx
 * @param {string} url
 * @returns {Promise<number>}
 */
export async function repoAdd(ctx, url) {
  sourceUrl(url, ctx.allowLoopback);
  const lock = readLock(ctx.lockPath);
  if (lock.repositories.includes(url)) {
    say(`${url} is already listed.`);
    return 0;
  }
  const entries = await fetchRepository(url, ctx.allowLoopback);
  lock.repositories.push(url);
  writeLock(ctx.lockPath, lock);
  const count = entries.length === 1 ? "1 module" : `${entries.length} modules`;
  say(`✓ Added the repository ${url} (${count} listed) to ${shown(ctx.lockPath)}.`);
  say(
    "Install from it with: npm run modules -- add <Name> (see the names: npm run modules -- search)",
  );
  return 0;
}

/**
 * @param {Context} ctx
 * @param {string} url
 * @returns {number}
 */
export function repoRemove(ctx, url) {
  const lock = readLock(ctx.lockPath);
  if (!lock.repositories.includes(url))
    throw new Failure(`${url} is not a listed repository (see: npm run modules -- repo list).`);
  lock.repositories = lock.repositories.filter((r) => r !== url);
  writeLock(ctx.lockPath, lock);
  const from = Object.entries(lock.modules).filter(([, e]) => e.repository === url);
  say(`✓ Removed the repository ${url}.`);
  if (from.length > 0)
    say(
      `  Installed from it, kept as they are: ${from.map(([name]) => name).join(", ")} (update still follows ${url} for them).`,
    );
  return 0;
}

/**
 * @param {Context} ctx
 * @returns {number}
 */
export function repoList(ctx) {
  const lock = readLock(ctx.lockPath);
  if (lock.repositories.length === 0) say("No repositories are listed.");
  for (const url of lock.repositories) say(url);
  return 0;
}
