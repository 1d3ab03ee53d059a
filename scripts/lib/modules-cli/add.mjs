// `npm run modules -- add <url|Name> [--sha256 <hex>]`: fetch, scan, write into modules/, pin.
import { existsSync } from "node:fs";
import { MODULE_NAME, sourceUrl } from "../module-sources.mjs";
import { moduleVersion } from "../module-version.mjs";
import { readLock } from "../modules-lock.mjs";
import { DEPLOY_HINT, Failure, say, shown, warn } from "./context.mjs";
import { fetchReported, hashMismatch, repositoryIndexes } from "./fetch.mjs";
import { install, moduleFile, pinnedKey } from "./pins.mjs";
import { acceptedName, moduleNames, scanFetched } from "./scan.mjs";

/** @typedef {import("./context.mjs").Context} Context */
/** @typedef {import("../modules-lock.mjs").Lock} Lock */
/** @typedef {import("../module-sources.mjs").RepoEntry} RepoEntry */

/**
 * @param {Context} ctx
 * @param {string} target a URL, or a module name to look up in the repositories
 * @returns {Promise<number>}
 */
export async function add(ctx, target) {
  const lock = readLock(ctx.lockPath);
  /** @type {string} */
  let url;
  /** @type {string | undefined} */
  let expected = ctx.sha256;
  /** @type {{ url: string, entry: RepoEntry } | undefined} */
  let listed;

  if (MODULE_NAME.test(target)) {
    const pinned = pinnedKey(lock, target);
    if (pinned) throw alreadyPinned(ctx, lock, pinned);
    listed = await findInRepositories(ctx, lock, target);
    url = listed.entry.url;
    if (expected !== undefined && expected !== listed.entry.sha256)
      throw new Failure(
        `${listed.url} lists ${listed.entry.name} with sha256 ${listed.entry.sha256}, not the ${expected} you gave; nothing was written.`,
      );
    expected = listed.entry.sha256;
    const version = listed.entry.version ? ` ${listed.entry.version}` : "";
    say(`${listed.entry.name}${version} is listed by ${listed.url}`);
  } else {
    sourceUrl(target, ctx.allowLoopback); // refuses a non-https URL before anything else
    url = target;
    const same = Object.entries(lock.modules).find(([, entry]) => entry.url === url);
    if (same) throw alreadyPinned(ctx, lock, same[0]);
  }

  const fetched = await fetchReported(ctx, url);
  if (expected !== undefined && fetched.sha256 !== expected)
    throw new Failure(
      `${hashMismatch(fetched.sha256, expected, listed !== undefined)}; nothing was written.`,
    );

  const { result, ext } = await scanFetched(fetched);
  const name = acceptedName(result, url, "nothing was written");
  if (listed && name.toLowerCase() !== listed.entry.name.toLowerCase())
    throw new Failure(
      `${listed.url} lists this file as ${listed.entry.name}, but the module calls itself ${name}; nothing was written.`,
    );
  const pinned = pinnedKey(lock, name);
  if (pinned) throw alreadyPinned(ctx, lock, pinned);
  const file = moduleFile(ctx, name, ext);
  const clash = (await moduleNames(ctx.dir)).get(name.toLowerCase());
  if (clash)
    throw new Failure(
      `${shown(clash)} already holds a module named ${name} (it is not pinned in ${shown(ctx.lockPath)}); nothing was written.`,
    );
  if (existsSync(file)) throw new Failure(`${shown(file)} already exists; nothing was written.`);

  const version = moduleVersion(result.code ?? "") ?? listed?.entry.version;
  const entry = install(ctx, lock, {
    name,
    fetched,
    target: file,
    version,
    repository: listed?.url,
  });
  say(
    `✓ Added ${name}${version ? ` ${version}` : ""}: wrote ${shown(file)}, pinned in ${shown(ctx.lockPath)} (sha256 ${entry.sha256}).`,
  );
  say(DEPLOY_HINT);
  return 0;
}

/**
 * @param {Context} ctx
 * @param {Lock} lock
 * @param {string} key
 */
function alreadyPinned(ctx, lock, key) {
  const file = lock.modules[key]?.file ?? "";
  return new Failure(
    `${key} is already installed (${file}, pinned in ${shown(ctx.lockPath)}). To fetch its current version: npm run modules -- update ${key}`,
  );
}

/**
 * The first repository (in the lock's order) that lists a module of this name.
 * @param {Context} ctx
 * @param {Lock} lock
 * @param {string} name
 * @returns {Promise<{ url: string, entry: RepoEntry }>}
 */
async function findInRepositories(ctx, lock, name) {
  if (lock.repositories.length === 0)
    throw new Failure(
      `"${name}" is not a URL, and no repositories are listed in ${shown(ctx.lockPath)} to look it up in. Give the module's https URL, or add a repository first: npm run modules -- repo add <url>`,
    );
  const wanted = name.toLowerCase();
  let unreachable = 0;
  const indexes = repositoryIndexes(ctx, lock.repositories, (url, error) => {
    warn(`! skipped the repository ${url}: ${error.message}`);
    unreachable++;
  });
  for await (const { url, entries } of indexes) {
    const entry = entries.find((e) => e.name.toLowerCase() === wanted);
    if (entry) return { url, entry };
  }
  const count = lock.repositories.length - unreachable;
  throw new Failure(
    `no repository lists a module named ${name} (${count} of ${lock.repositories.length} searched). See what they list: npm run modules -- search`,
  );
}
