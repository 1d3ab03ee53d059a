#!/usr/bin/env node
// The deploy-time module manager, the Free-plan way to install community modules (the Worker's
// `.modules install` points here when there is no sandbox runner):
//   npm run modules -- add <url|Name> [--sha256 <hex>]   fetch, scan, write into modules/, pin
//   npm run modules -- update [Name]                      re-fetch pinned modules
//   npm run modules -- remove <Name>                      delete the file and its pin
//   npm run modules -- list | search [word] | repo add|rm|list [url]
// This file reads the command line and answers with an exit code; each command is a file in
// scripts/lib/modules-cli/. Pins live in modules.lock.json (scripts/lib/modules-lock.mjs); files
// are fetched with the Worker's rules (scripts/lib/module-sources.mjs) and scanned, type check
// included, with the project's scan (src/scan, loaded by scripts/lib/load-scan.mjs). Nothing
// refused is written.
// Exit 0 ok, 1 refused / failed fetch / hash mismatch, 2 usage error.
// Options --dir <modulesDir> and --lock <lockFile> (defaults modules/ and modules.lock.json).
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { SHA256, SourceError } from "./lib/module-sources.mjs";
import { add } from "./lib/modules-cli/add.mjs";
import { Failure, say, warn } from "./lib/modules-cli/context.mjs";
import { list } from "./lib/modules-cli/list.mjs";
import { remove } from "./lib/modules-cli/remove.mjs";
import { repoAdd, repoList, repoRemove } from "./lib/modules-cli/repo.mjs";
import { search } from "./lib/modules-cli/search.mjs";
import { update } from "./lib/modules-cli/update.mjs";
import { LockError } from "./lib/modules-lock.mjs";

/** @typedef {import("./lib/modules-cli/context.mjs").Context} Context */

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

/** A wrong command line: exit 2 with the usage. */
class UsageError extends Error {}

const root = fileURLToPath(new URL("..", import.meta.url));

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

process.exitCode = await main(process.argv.slice(2));
