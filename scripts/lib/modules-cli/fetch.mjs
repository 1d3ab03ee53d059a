// Fetching module files and repository indexes, with what the user is told about them.
import { fetchRepository, fetchSource, SourceError } from "../module-sources.mjs";
import { say } from "./context.mjs";

/** @typedef {import("./context.mjs").Context} Context */
/** @typedef {import("../module-sources.mjs").Fetched} Fetched */
/** @typedef {import("../module-sources.mjs").RepoEntry} RepoEntry */

/**
 * Fetches a module file and says what came.
 * @param {Context} ctx
 * @param {string} url
 * @returns {Promise<Fetched>}
 */
export async function fetchReported(ctx, url) {
  say(`Fetching ${url}`);
  const fetched = await fetchSource(url, { allowLoopback: ctx.allowLoopback });
  say(`  ${(fetched.bytes.length / 1024).toFixed(1)} KiB, sha256 ${fetched.sha256}`);
  return fetched;
}

/**
 * The indexes of the repositories, in order, each fetched when the previous one is done with;
 * one that cannot be fetched is handed to `unreachable` and skipped.
 * @param {Context} ctx
 * @param {string[]} urls
 * @param {(url: string, error: Error) => void} unreachable
 * @returns {AsyncGenerator<{ url: string, entries: RepoEntry[] }>}
 */
export async function* repositoryIndexes(ctx, urls, unreachable) {
  for (const url of urls) {
    /** @type {RepoEntry[]} */
    let entries;
    try {
      entries = await fetchRepository(url, ctx.allowLoopback);
    } catch (error) {
      if (!(error instanceof SourceError)) throw error;
      unreachable(url, error);
      continue;
    }
    yield { url, entries };
  }
}

/**
 * @param {string} actual
 * @param {string} expected
 * @param {boolean} listed whether the expected hash is a repository's
 */
export function hashMismatch(actual, expected, listed) {
  const source = listed ? "the repository lists" : "expected";
  return `hash mismatch: ${source} sha256 ${expected}, but the file has ${actual}`;
}
