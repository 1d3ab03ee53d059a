/**
 * The scan is a Node tool and its tests run in Node (the "scan" vitest project, typed by
 * tsconfig.node.json). Vitest runs the TypeScript directly, so the tests import the scan's
 * Node entry as it is; the CLI and the build load the same code bundled (scripts/lib/load-scan.mjs).
 */
import * as childProcess from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as process from "node:process";
import { pathToFileURL } from "node:url";
import { scanPaths, scanSource } from "../../src/scan/node/index";

export type { Finding, ScanResult } from "../../src/scan/types";
export { childProcess, fs, path };

export const scan = { scanSource, scanPaths };

/** The repository root: vitest runs from it. */
export const root = process.cwd();
export const nodeBinary = process.execPath;

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "mx-scan-"));
}

/** Imports a module file by path, bypassing vite's static import analysis. */
export async function importFile<T>(file: string): Promise<T> {
  const href = pathToFileURL(file).href;
  return (await import(/* @vite-ignore */ href)) as T;
}
