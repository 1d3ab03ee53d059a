import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { scanSource } from "./source.mjs";
import { splitLines } from "./sourcemap.mjs";

/** The files a folder contributes: scripts, not declaration files. */
const MODULE_FILE = /\.(ts|mts|js|mjs)$/;
const DECLARATION_FILE = /\.d\.[mc]?ts$/;

/**
 * Scans files and folders (a folder: its *.ts, *.mts, *.js and *.mjs files, not *.d.ts, sorted).
 * A module whose name an earlier one already has (ignoring case, as commands do) is refused.
 * @param {string[]} paths
 * @returns {Promise<import("./source.mjs").ScanResult[]>}
 */
export async function scanPaths(paths) {
  const results = [];
  /** @type {Map<string, string>} */
  const names = new Map();
  for (const file of await expandPaths(paths)) {
    const source = await readFile(file, "utf8");
    const result = scanSource(source, file);
    const key = result.name?.toLowerCase();
    const first = key === undefined ? undefined : names.get(key);
    if (result.accepted && first !== undefined) {
      result.accepted = false;
      result.code = null;
      result.findings.push({
        rule: "duplicate-name",
        message: `${first} is already named "${result.name}"; module names must be unique, so rename one of them.`,
        ...nameLocation(source, result.name ?? ""),
      });
    } else if (result.accepted && key !== undefined) names.set(key, file);
    results.push(result);
  }
  return results;
}

/** @param {string[]} paths */
async function expandPaths(paths) {
  /** @type {string[]} */
  const files = [];
  for (const path of paths) {
    if (!(await stat(path)).isDirectory()) {
      files.push(path);
      continue;
    }
    const entries = await readdir(path, { withFileTypes: true });
    const names = entries
      .filter((e) => e.isFile() && MODULE_FILE.test(e.name) && !DECLARATION_FILE.test(e.name))
      .map((e) => e.name)
      .sort();
    files.push(...names.map((name) => join(path, name)));
  }
  return files;
}

/**
 * Where the name literal is: accepted names are letters, digits and _, safe in a pattern.
 * @param {string} source
 * @param {string} name
 */
function nameLocation(source, name) {
  const pattern = new RegExp(`["'\`]${name}["'\`]`);
  for (const [i, text] of splitLines(source).entries()) {
    const column = text.search(pattern);
    if (column >= 0) return { line: i + 1, column };
  }
  return { line: 1, column: 0 };
}
