#!/usr/bin/env node
// The deploy-time module manager, the Free-plan way to install community modules (the Worker's
// `.modules install` points here when there is no sandbox runner):
//   npm run modules -- add <url|Name> [--sha256 <hex>]   fetch, scan, write into modules/, pin
//   npm run modules -- update [Name]                      re-fetch pinned modules
//   npm run modules -- remove <Name>                      delete the file and its pin
//   npm run modules -- list | search [word] | repo add|rm|list [url]
// Pins live in modules.lock.json (scripts/lib/modules-lock.mjs); files are fetched with the
// Worker's rules (scripts/lib/module-sources.mjs) and scanned, type check included, with the
// project's scan (src/scan, loaded by scripts/lib/load-scan.mjs). Nothing refused is written.
// Exit 0 ok, 1 refused / failed fetch / hash mismatch, 2 usage error.
// Options --dir <modulesDir> and --lock <lockFile> (defaults modules/ and modules.lock.json).
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, extname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { loadScan } from "./lib/load-scan.mjs";
import {
  fetchRepository,
  fetchSource,
  MODULE_NAME,
  SHA256,
  SourceError,
  sha256Hex,
  sourceUrl,
} from "./lib/module-sources.mjs";
import { moduleVersion } from "./lib/module-version.mjs";
import { LockError, readLock, writeLock } from "./lib/modules-lock.mjs";

/** @typedef {import("./lib/modules-lock.mjs").Lock} Lock */
/** @typedef {import("./lib/modules-lock.mjs").LockEntry} LockEntry */
/** @typedef {import("./lib/module-sources.mjs").Fetched} Fetched */
/** @typedef {import("./lib/module-sources.mjs").RepoEntry} RepoEntry */
/** @typedef {import("../src/scan/types.ts").ScanResult} ScanResult */

const USAGE = `usage: npm run modules -- <command> [options]
  add <url|Name> [--sha256 <hex>]  fetch a module (by URL, or by name from a repository),
                                   scan it, write it into modules/ and pin it
  update [Name] [--sha256 <hex>]   fetch the pinned modules (or one) again
  remove <Name>                    delete a module's file and its pin
  list                             the pinned modules
  search [word]                    the modules the repositories list
  repo add <url> | repo rm <url> | repo list
options:
  --dir <folder>  the modules folder (default: modules/)
  --lock <file>   the lock file (default: modules.lock.json)
URLs must be https (with ALLOW_LOOPBACK_SOURCES=true also http://127.0.0.1 and localhost).`;

const DEPLOY_HINT = "Next: run `npm run deploy` (wrangler deploy) to put the change live.";
const EXTENSIONS = new Set([".ts", ".mts", ".js", ".mjs"]);
const DECLARATION_FILE = /\.d\.[mc]?ts$/;

/** A wrong command line: exit 2 with the usage. */
class UsageError extends Error {}
/** A refusal or failure the user should read: exit 1. */
class Failure extends Error {}

/**
 * @typedef {object} Context
 * @property {string} dir the modules folder, absolute
 * @property {string} lockPath the lock file, absolute
 * @property {boolean} allowLoopback
 * @property {string | undefined} sha256 the hash the user expects (--sha256)
 */

const root = fileURLToPath(new URL("..", import.meta.url));

/** @param {string} text */
const say = (text) => process.stdout.write(`${text}\n`);
/** @param {string} text */
const warn = (text) => process.stderr.write(`${text}\n`);

/** @type {Promise<Awaited<ReturnType<typeof loadScan>>> | undefined} */
let scanLoading;
const scanner = () => {
  scanLoading ??= loadScan();
  return scanLoading;
};

/**
 * @param {string[]} argv
 * @returns {Promise<number>}
 */
async function main(argv) {
  try {
    return await run(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      warn(`modules: ${error.message}\n${USAGE}`);
      return 2;
    }
    if (error instanceof Failure || error instanceof SourceError || error instanceof LockError) {
      warn(`✗ ${error.message}`);
      return 1;
    }
    throw error;
  }
}

/**
 * @param {string[]} argv
 * @returns {Promise<number>}
 */
async function run(argv) {
  /** @type {ReturnType<typeof parseCommandLine>} */
  let parsed;
  try {
    parsed = parseCommandLine(argv);
  } catch (error) {
    // node:util's messages go on with advice about `--`; the first sentence is enough.
    throw new UsageError(String(/** @type {Error} */ (error).message).split(". ")[0] ?? "");
  }
  const { values, positionals } = parsed;
  if (values.help) {
    say(USAGE);
    return 0;
  }
  const sha256 = values.sha256?.toLowerCase();
  if (sha256 !== undefined && !SHA256.test(sha256))
    throw new UsageError("--sha256 takes the 64 hex digits of a SHA-256");
  /** @type {Context} */
  const ctx = {
    dir: resolve(values.dir ?? join(root, "modules")),
    lockPath: resolve(values.lock ?? join(root, "modules.lock.json")),
    allowLoopback: process.env.ALLOW_LOOPBACK_SOURCES === "true",
    sha256,
  };
  const [command, ...rest] = positionals;
  const onlyWithSha = (/** @type {boolean} */ allowed) => {
    if (sha256 !== undefined && !allowed)
      throw new UsageError("--sha256 goes with add, or with update of one module");
  };
  const arity = (/** @type {number} */ min, /** @type {number} */ max) => {
    if (rest.length < min || rest.length > max)
      throw new UsageError(`wrong number of arguments for ${command}`);
  };
  switch (command) {
    case "add":
      arity(1, 1);
      return add(ctx, rest[0] ?? "");
    case "update":
      arity(0, 1);
      onlyWithSha(rest.length === 1);
      return update(ctx, rest[0]);
    case "remove":
    case "rm":
      arity(1, 1);
      onlyWithSha(false);
      return remove(ctx, rest[0] ?? "");
    case "list":
      arity(0, 0);
      onlyWithSha(false);
      return list(ctx);
    case "search":
      arity(0, 1);
      onlyWithSha(false);
      return search(ctx, rest[0] ?? "");
    case "repo": {
      onlyWithSha(false);
      const [sub, url] = rest;
      if (sub === "list" && rest.length === 1) return repoList(ctx);
      if ((sub === "add" || sub === "rm" || sub === "remove") && rest.length === 2 && url)
        return sub === "add" ? repoAdd(ctx, url) : repoRemove(ctx, url);
      throw new UsageError("repo takes: add <url>, rm <url> or list");
    }
    case undefined:
      throw new UsageError("no command given");
    default:
      throw new UsageError(`unknown command ${command}`);
  }
}

/** @param {string[]} argv */
function parseCommandLine(argv) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      dir: { type: "string" },
      lock: { type: "string" },
      sha256: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}

// --- add -----------------------------------------------------------------------------------

/**
 * @param {Context} ctx
 * @param {string} target a URL, or a module name to look up in the repositories
 * @returns {Promise<number>}
 */
async function add(ctx, target) {
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
  for (const url of lock.repositories) {
    /** @type {RepoEntry[]} */
    let entries;
    try {
      entries = await fetchRepository(url, ctx.allowLoopback);
    } catch (error) {
      if (!(error instanceof SourceError)) throw error;
      warn(`! skipped the repository ${url}: ${error.message}`);
      unreachable++;
      continue;
    }
    const entry = entries.find((e) => e.name.toLowerCase() === wanted);
    if (entry) return { url, entry };
  }
  const count = lock.repositories.length - unreachable;
  throw new Failure(
    `no repository lists a module named ${name} (${count} of ${lock.repositories.length} searched). See what they list: npm run modules -- search`,
  );
}

// --- update --------------------------------------------------------------------------------

/**
 * @param {Context} ctx
 * @param {string | undefined} only a module name, or every pinned module
 * @returns {Promise<number>}
 */
async function update(ctx, only) {
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

// --- remove, list, search, repositories ----------------------------------------------------

/**
 * @param {Context} ctx
 * @param {string} name
 * @returns {number}
 */
function remove(ctx, name) {
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

/**
 * @param {Context} ctx
 * @param {string} name
 */
function notPinned(ctx, name) {
  return new Failure(
    `${name} is not pinned in ${shown(ctx.lockPath)}. Modules that are part of this repository are changed in modules/ by hand; see the pinned ones with: npm run modules -- list`,
  );
}

/**
 * @param {Context} ctx
 * @returns {number}
 */
function list(ctx) {
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

/**
 * @param {Context} ctx
 * @param {string} word
 * @returns {Promise<number>}
 */
async function search(ctx, word) {
  const lock = readLock(ctx.lockPath);
  if (lock.repositories.length === 0) {
    say("No repositories are listed; add one with: npm run modules -- repo add <url>");
    return 0;
  }
  const needle = word.toLowerCase();
  let found = 0;
  let failed = 0;
  for (const url of lock.repositories) {
    /** @type {RepoEntry[]} */
    let entries;
    try {
      entries = await fetchRepository(url, ctx.allowLoopback);
    } catch (error) {
      if (!(error instanceof SourceError)) throw error;
      warn(`✗ ${url}: ${error.message}`);
      failed++;
      continue;
    }
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

/**
 * @param {Context} ctx
 * @param {string} url
 * @returns {Promise<number>}
 */
async function repoAdd(ctx, url) {
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
function repoRemove(ctx, url) {
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
function repoList(ctx) {
  const lock = readLock(ctx.lockPath);
  if (lock.repositories.length === 0) say("No repositories are listed.");
  for (const url of lock.repositories) say(url);
  return 0;
}

// --- shared --------------------------------------------------------------------------------

/**
 * @param {string} actual
 * @param {string} expected
 * @param {boolean} listed whether the expected hash is a repository's
 */
function hashMismatch(actual, expected, listed) {
  const source = listed ? "the repository lists" : "expected";
  return `hash mismatch: ${source} sha256 ${expected}, but the file has ${actual}`;
}

/**
 * Fetches a module file and says what came.
 * @param {Context} ctx
 * @param {string} url
 * @returns {Promise<Fetched>}
 */
async function fetchReported(ctx, url) {
  say(`Fetching ${url}`);
  const fetched = await fetchSource(url, { allowLoopback: ctx.allowLoopback });
  say(`  ${(fetched.bytes.length / 1024).toFixed(1)} KiB, sha256 ${fetched.sha256}`);
  return fetched;
}

/**
 * Scans a fetched file, type check included, from a temporary copy.
 * @param {Fetched} fetched
 * @returns {Promise<{ result: ScanResult, ext: string }>}
 */
async function scanFetched(fetched) {
  const ext = extensionOf(fetched.url) ?? extensionOf(fetched.finalUrl) ?? ".ts";
  const { scanPaths } = await scanner();
  const folder = mkdtempSync(join(tmpdir(), "mx-modules-"));
  try {
    const stem = basename(new URL(fetched.url).pathname, extname(new URL(fetched.url).pathname));
    const file = join(folder, `${stem.replace(/[^A-Za-z0-9_-]/g, "_") || "module"}${ext}`);
    writeFileSync(file, fetched.bytes);
    const [result] = await scanPaths([file], { typeCheck: true });
    if (!result) throw new Failure(`the scan gave no result for ${fetched.url}`);
    return { result, ext };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * The name of an accepted module; for a refused one, prints the findings and throws.
 * @param {ScanResult} result
 * @param {string} url
 * @param {string} outcome what happened to the files, for the message
 * @returns {string}
 */
function acceptedName(result, url, outcome) {
  if (result.accepted && result.name && result.code !== null) return result.name;
  const file = basename(new URL(url).pathname) || url;
  const lines = [`✗ The scan refused ${result.name ?? file}:`];
  for (const f of result.findings)
    lines.push(`  ${file}:${f.line}:${f.column}  ${f.rule}  ${f.message}`);
  if (result.findings.length === 0) lines.push("  (no findings reported)");
  warn(lines.join("\n"));
  throw new Failure(`refused by the scan; ${outcome}.`);
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
function install(ctx, lock, { name, fetched, target, version, repository, replacing }) {
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

/**
 * The lock's key for a module name, ignoring case as commands do.
 * @param {Lock} lock
 * @param {string} name
 * @returns {string | undefined}
 */
function pinnedKey(lock, name) {
  const wanted = name.toLowerCase();
  return Object.keys(lock.modules).find((key) => key.toLowerCase() === wanted);
}

/**
 * The names of the modules already in the folder (lower-cased) and their files, read with the
 * scan (no type check), leaving out `except`.
 * @param {string} dir
 * @param {string} [except]
 * @returns {Promise<Map<string, string>>}
 */
async function moduleNames(dir, except) {
  /** @type {Map<string, string>} */
  const names = new Map();
  if (!existsSync(dir)) return names;
  const { scanSource } = await scanner();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isFile() || DECLARATION_FILE.test(entry.name)) continue;
    if (!EXTENSIONS.has(extname(entry.name).toLowerCase())) continue;
    const file = join(dir, entry.name);
    if (file === except) continue;
    const { name } = scanSource(readFileSync(file, "utf8"), file);
    if (name) names.set(name.toLowerCase(), file);
  }
  return names;
}

/**
 * @param {Context} ctx
 * @param {string} name
 * @param {string} ext
 */
function moduleFile(ctx, name, ext) {
  return join(ctx.dir, `${name.toLowerCase()}${ext}`);
}

/**
 * The module extension of a URL's path, if it has one.
 * @param {string} url
 * @returns {string | undefined}
 */
function extensionOf(url) {
  const ext = extname(new URL(url).pathname).toLowerCase();
  return EXTENSIONS.has(ext) ? ext : undefined;
}

/**
 * @param {string} dir
 * @param {string} file
 */
function inside(dir, file) {
  return resolve(file).startsWith(resolve(dir) + sep);
}

/**
 * A path as the user would type it: relative to the working folder when under it.
 * @param {string} path
 */
function shown(path) {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith("..") && !rel.startsWith(sep) ? rel : path;
}

process.exitCode = await main(process.argv.slice(2));
