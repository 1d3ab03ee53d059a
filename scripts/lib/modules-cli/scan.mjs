// The project's scan (src/scan, type check included) applied to fetched files and to the
// modules already in the folder; loaded once, on first use.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, extname, join } from "node:path";
import { loadScan } from "../load-scan.mjs";
import { Failure, warn } from "./context.mjs";

/** @typedef {import("../module-sources.mjs").Fetched} Fetched */
/** @typedef {import("../../../src/scan/types.ts").ScanResult} ScanResult */

const EXTENSIONS = new Set([".ts", ".mts", ".js", ".mjs"]);
const DECLARATION_FILE = /\.d\.[mc]?ts$/;

/** @type {Promise<Awaited<ReturnType<typeof loadScan>>> | undefined} */
let scanLoading;
const scanner = () => {
  scanLoading ??= loadScan();
  return scanLoading;
};

/**
 * Scans a fetched file, type check included, from a temporary copy.
 * @param {Fetched} fetched
 * @returns {Promise<{ result: ScanResult, ext: string }>}
 */
export async function scanFetched(fetched) {
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
export function acceptedName(result, url, outcome) {
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
 * The names of the modules already in the folder (lower-cased) and their files, read with the
 * scan (no type check), leaving out `except`.
 * @param {string} dir
 * @param {string} [except]
 * @returns {Promise<Map<string, string>>}
 */
export async function moduleNames(dir, except) {
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
 * The module extension of a URL's path, if it has one.
 * @param {string} url
 * @returns {string | undefined}
 */
function extensionOf(url) {
  const ext = extname(new URL(url).pathname).toLowerCase();
  return EXTENSIONS.has(ext) ? ext : undefined;
}
