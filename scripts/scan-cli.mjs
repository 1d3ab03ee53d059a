#!/usr/bin/env node
// The deploy-time module scan, by hand: `npm run scan -- [--json] [path...]`.
// Exit 0 when every module is accepted, 1 when any is refused, 2 on a usage error.
import { existsSync } from "node:fs";
import { scanPaths } from "./scan/index.mjs";

const USAGE = `usage: npm run scan -- [--json] [path...]
  path    a module file or a folder of them (default: modules/)
  --json  print one JSON document: {"modules":[{"file","name","accepted","findings"}]}`;

/** @param {string} message */
function usageError(message) {
  process.stderr.write(`scan: ${message}\n${USAGE}\n`);
  process.exit(2);
}

/** @param {string[]} args */
function parseArgs(args) {
  let json = false;
  /** @type {string[]} */
  const paths = [];
  let flagsDone = false;
  for (const arg of args) {
    if (!flagsDone && arg === "--") flagsDone = true;
    else if (!flagsDone && arg === "--json") json = true;
    else if (!flagsDone && (arg === "--help" || arg === "-h")) {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else if (!flagsDone && arg.startsWith("-") && arg !== "-")
      usageError(`unknown option ${arg}`);
    else paths.push(arg);
  }
  return { json, paths };
}

/** @param {import("./scan/index.mjs").ScanResult[]} results */
function report(results) {
  const lines = [];
  for (const result of results) {
    const name = result.name ? ` ${result.name}` : "";
    lines.push(`${result.accepted ? "✓ accepted" : "✗ refused"}${name}  ${result.file}`);
    for (const f of result.findings) {
      lines.push(`  ${result.file}:${f.line}:${f.column}  ${f.rule}  ${f.message}`);
    }
  }
  const refused = results.filter((r) => !r.accepted).length;
  const count = results.length === 1 ? "1 module" : `${results.length} modules`;
  lines.push(`${count} scanned: ${results.length - refused} accepted, ${refused} refused.`);
  return `${lines.join("\n")}\n`;
}

const { json, paths } = parseArgs(process.argv.slice(2));
const missing = paths.find((path) => !existsSync(path));
if (missing !== undefined) usageError(`no such file or folder: ${missing}`);
// Without a modules folder the bot simply has no community modules.
const targets = paths.length > 0 ? paths : existsSync("modules/") ? ["modules/"] : [];

/** @type {import("./scan/index.mjs").ScanResult[]} */
let results = [];
try {
  results = await scanPaths(targets);
} catch (error) {
  usageError(`cannot read the modules: ${/** @type {Error} */ (error).message}`);
}
if (json) {
  const modules = results.map(({ file, name, accepted, findings }) => ({
    file,
    name,
    accepted,
    findings,
  }));
  process.stdout.write(`${JSON.stringify({ modules })}\n`);
} else {
  process.stdout.write(report(results));
}
process.exitCode = results.every((r) => r.accepted) ? 0 : 1;
