// `npm run modules -- search [word]`: the modules the repositories list.
import { readLock } from "../modules-lock.mjs";
import { say, warn } from "./context.mjs";
import { repositoryIndexes } from "./fetch.mjs";
import { pinnedKey } from "./pins.mjs";

/** @typedef {import("./context.mjs").Context} Context */

/**
 * @param {Context} ctx
 * @param {string} word
 * @returns {Promise<number>}
 */
export async function search(ctx, word) {
  const lock = readLock(ctx.lockPath);
  if (lock.repositories.length === 0) {
    say("No repositories are listed; add one with: npm run modules -- repo add <url>");
    return 0;
  }
  const needle = word.toLowerCase();
  let found = 0;
  let failed = 0;
  const indexes = repositoryIndexes(ctx, lock.repositories, (url, error) => {
    warn(`✗ ${url}: ${error.message}`);
    failed++;
  });
  for await (const { url, entries } of indexes) {
    const hits = entries.filter((e) =>
      `${e.name} ${e.description ?? ""}`.toLowerCase().includes(needle),
    );
    if (hits.length === 0) continue;
    say(url);
    for (const e of hits) {
      const pinned = pinnedKey(lock, e.name) ? "  [installed]" : "";
      say(
        `  ${e.name}${e.version ? ` ${e.version}` : ""}${e.description ? ` — ${e.description}` : ""}${pinned}`,
      );
    }
    found += hits.length;
  }
  if (found === 0)
    say(word ? `No listed module matches "${word}".` : "The repositories list no modules.");
  else say("Install one with: npm run modules -- add <Name>");
  return failed > 0 ? 1 : 0;
}
