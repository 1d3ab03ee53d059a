// `npm run modules -- update [Name] [--sha256 <hex>]`: fetch the pinned modules (or one) again;
// a changed file is scanned, then written and pinned.
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fetchRepository, fetchSource, SourceError, sha256Hex } from "../module-sources.mjs";
import { moduleVersion } from "../module-version.mjs";
import { readLock } from "../modules-lock.mjs";
import { DEPLOY_HINT, Failure, inside, say, shown, warn } from "./context.mjs";
import { hashMismatch } from "./fetch.mjs";
import { install, moduleFile, notPinned, pinnedKey } from "./pins.mjs";
import { acceptedName, moduleNames, scanFetched } from "./scan.mjs";

/** @typedef {import("./context.mjs").Context} Context */
/** @typedef {import("../modules-lock.mjs").Lock} Lock */
/** @typedef {import("../modules-lock.mjs").LockEntry} LockEntry */
/** @typedef {import("../module-sources.mjs").RepoEntry} RepoEntry */

/**
 * @param {Context} ctx
 * @param {string | undefined} only a module name, or every pinned module
 * @returns {Promise<number>}
 */
export async function update(ctx, only) {
  const lock = readLock(ctx.lockPath);
  /** @type {string[]} */
  let names;
  if (only !== undefined) {
    const key = pinnedKey(lock, only);
    if (!key) throw notPinned(ctx, only);
    names = [key];
  } else {
    names = Object.keys(lock.modules).sort((a, b) => a.localeCompare(b));
    if (names.length === 0) {
      say(`No modules are pinned in ${shown(ctx.lockPath)}; nothing to update.`);
      return 0;
    }
  }
  /** @type {Map<string, Promise<RepoEntry[]>>} */
  const repositories = new Map();
  let changed = 0;
  let failed = 0;
  for (const name of names) {
    try {
      if (await updateOne(ctx, lock, name, repositories)) changed++;
    } catch (error) {
      if (!(error instanceof Failure || error instanceof SourceError)) throw error;
      warn(`✗ ${name}: ${error.message}`);
      failed++;
    }
  }
  if (names.length > 1)
    say(
      `${names.length} modules: ${changed} updated, ${names.length - changed - failed} unchanged, ${failed} failed.`,
    );
  if (changed > 0) say(DEPLOY_HINT);
  return failed > 0 ? 1 : 0;
}

/**
 * Fetches one pinned module again; writes it and its pin when it changed and the scan accepts
 * it. Returns whether anything was written.
 * @param {Context} ctx
 * @param {Lock} lock
 * @param {string} name the lock's key
 * @param {Map<string, Promise<RepoEntry[]>>} repositories indexes fetched so far
 * @returns {Promise<boolean>}
 */
async function updateOne(ctx, lock, name, repositories) {
  const entry = /** @type {LockEntry} */ (lock.modules[name]);
  const current = resolve(dirname(ctx.lockPath), entry.file);
  let url = entry.url;
  let expected = ctx.sha256;
  /** @type {string | undefined} */
  let listedVersion;
  if (entry.repository) {
    const repository = entry.repository;
    let index = repositories.get(repository);
    if (!index) {
      index = fetchRepository(repository, ctx.allowLoopback);
      repositories.set(repository, index);
    }
    const listed = (await index).find((e) => e.name.toLowerCase() === name.toLowerCase());
    if (!listed)
      throw new Failure(`${repository} no longer lists ${name}; kept ${shown(current)} as it is.`);
    if (expected !== undefined && expected !== listed.sha256)
      throw new Failure(
        `${repository} lists sha256 ${listed.sha256}, not the ${expected} you gave; kept ${shown(current)}.`,
      );
    url = listed.url;
    expected = listed.sha256;
    listedVersion = listed.version;
  }

  const fetched = await fetchSource(url, { allowLoopback: ctx.allowLoopback });
  if (expected !== undefined && fetched.sha256 !== expected)
    throw new Failure(
      `${hashMismatch(fetched.sha256, expected, entry.repository !== undefined)}; kept ${shown(current)}.`,
    );
  const local = existsSync(current) ? sha256Hex(readFileSync(current)) : null;
  let restoring = false;
  if (fetched.sha256 === entry.sha256 && url === entry.url) {
    if (local === entry.sha256) {
      say(`${name}: up to date (sha256 ${entry.sha256})`);
      return false;
    }
    if (local !== null) {
      warn(
        `! ${name}: up to date, but ${shown(current)} was changed here (its sha256 is not the pinned one); left as it is. To get the pinned file back: remove ${name}, then add it again.`,
      );
      return false;
    }
    say(`${name}: ${shown(current)} is missing; restoring the pinned file`);
    restoring = true;
  } else {
    say(`${name}: changed${url === entry.url ? "" : ` (now ${url})`}`);
    say(`  sha256 ${entry.sha256}`);
    say(`       → ${fetched.sha256}`);
  }

  const { result, ext } = await scanFetched(fetched);
  const scanned = acceptedName(result, url, `kept ${shown(current)}`);
  if (scanned.toLowerCase() !== name.toLowerCase())
    throw new Failure(
      `the new file is a module named ${scanned}, not ${name}; kept ${shown(current)}. To switch: remove ${name}, then add the new one.`,
    );
  const target = moduleFile(ctx, scanned, ext);
  if (target !== current) {
    if (existsSync(target))
      throw new Failure(`${shown(target)} already exists; kept ${shown(current)}.`);
    const clash = (await moduleNames(ctx.dir, current)).get(name.toLowerCase());
    if (clash)
      throw new Failure(
        `${shown(clash)} also holds a module named ${scanned}; kept ${shown(current)}.`,
      );
    if (!inside(ctx.dir, current))
      throw new Failure(
        `${entry.file} is outside ${shown(ctx.dir)}; run with --dir for its folder.`,
      );
  }
  const version = moduleVersion(result.code ?? "") ?? listedVersion;
  delete lock.modules[name];
  install(ctx, lock, {
    name: scanned,
    fetched,
    target,
    version,
    repository: entry.repository,
    replacing: current,
  });
  const versions =
    entry.version && version && entry.version !== version ? ` ${entry.version} → ${version}` : "";
  if (restoring) say(`✓ Restored ${shown(target)}.`);
  else say(`✓ Updated ${scanned}${versions}: wrote ${shown(target)} and its pin.`);
  return true;
}
