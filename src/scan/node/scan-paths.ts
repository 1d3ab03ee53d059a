import { readdir, readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { splitLines } from "../locate";
import { scanSource as scanWith } from "../scan-source";
import type { ScanResult } from "../types";
import { projectRoot } from "./project-root";
import { esbuildTranspile } from "./transpile";
import { typeCheck } from "./type-check";

/** The files a folder contributes: scripts, not declaration files. */
const MODULE_FILE = /\.(ts|mts|js|mjs)$/;
const DECLARATION_FILE = /\.d\.[mc]?ts$/;

export interface ScanPathsOptions {
  /** Type-check the modules against the SDK's types (default: yes). */
  typeCheck?: boolean;
  /** The repository with src/sdk (default: the one this scan is part of). */
  root?: string;
}

/** The scan of one module's source, TypeScript or JavaScript, transpiled by esbuild. */
export function scanSource(source: string, file: string): ScanResult {
  return scanWith(source, file, { transpile: esbuildTranspile });
}

/**
 * Scans files and folders (a folder: its *.ts, *.mts, *.js and *.mjs files, not *.d.ts, sorted),
 * type-checks them against the SDK in one compiler run, and refuses a module whose name an
 * earlier one already has (ignoring case, as commands do). Paths in the results are as given.
 */
export async function scanPaths(
  paths: readonly string[],
  options: ScanPathsOptions = {},
): Promise<ScanResult[]> {
  const files = await expandPaths(paths);
  const sources = await Promise.all(files.map((file) => readFile(file, "utf8")));
  const results = files.map((file, i) => scanSource(sources[i] ?? "", file));

  if (options.typeCheck ?? true) {
    const checked = results.filter((r) => !r.findings.some((f) => f.rule === "syntax"));
    const absolute = checked.map((r) => resolve(r.file));
    const types = typeCheck(absolute, options.root ?? projectRoot());
    checked.forEach((result, i) => {
      const findings = types.get(absolute[i] ?? "");
      if (!findings) return;
      result.accepted = false;
      result.code = null;
      result.findings = [...result.findings, ...findings].sort(
        (a, b) => a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule),
      );
    });
  }

  const names = new Map<string, string>();
  results.forEach((result, i) => {
    const key = result.name?.toLowerCase();
    const first = key === undefined ? undefined : names.get(key);
    if (result.accepted && first !== undefined) {
      result.accepted = false;
      result.code = null;
      result.findings.push({
        rule: "duplicate-name",
        message: `${first} is already named "${result.name}"; module names must be unique, so rename one of them.`,
        ...nameLocation(sources[i] ?? "", result.name ?? ""),
      });
    } else if (result.accepted && key !== undefined) names.set(key, result.file);
  });
  return results;
}

async function expandPaths(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
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

/** Where the name literal is: accepted names are letters, digits and _, safe in a pattern. */
function nameLocation(source: string, name: string): { line: number; column: number } {
  const pattern = new RegExp(`["'\`]${name}["'\`]`);
  for (const [i, text] of splitLines(source).entries()) {
    const column = text.search(pattern);
    if (column >= 0) return { line: i + 1, column: column + 1 };
  }
  return { line: 1, column: 1 };
}
