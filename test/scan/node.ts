/**
 * The scan is a Node tool and its tests run in Node (the "scan" vitest project), but
 * tsconfig.json types all of test/ for workerd, without @types/node — and adding Node's globals
 * there would let Node-only code slip into the Worker unnoticed. So the few Node APIs these
 * tests use, and the scan library itself (plain .mjs), are loaded here untyped and given the
 * signatures the tests rely on.
 */

export interface Finding {
  rule: string;
  message: string;
  line: number;
  column: number;
}

export interface ScanResult {
  file: string;
  name: string | null;
  accepted: boolean;
  findings: Finding[];
  code: string | null;
}

export interface SpawnResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

interface Scan {
  scanSource(source: string, file: string): ScanResult;
  scanPaths(paths: string[]): Promise<ScanResult[]>;
}

interface Fs {
  readdirSync(path: string): string[];
  readFileSync(path: string, encoding: "utf8"): string;
  writeFileSync(path: string, data: string): void;
  mkdirSync(path: string, options?: { recursive?: boolean }): void;
  mkdtempSync(prefix: string): string;
  rmSync(path: string, options: { recursive: boolean; force: boolean }): void;
}

interface ChildProcess {
  spawnSync(
    command: string,
    args: string[],
    options: { cwd: string; encoding: "utf8"; env?: Record<string, string | undefined> },
  ): SpawnResult;
}

interface Path {
  join(...parts: string[]): string;
  resolve(...parts: string[]): string;
}

export const scan = (await import("../../scripts/scan/index.mjs" as string)) as Scan;
export const fs = (await import("node:fs" as string)) as Fs;
export const childProcess = (await import("node:child_process" as string)) as ChildProcess;
export const path = (await import("node:path" as string)) as Path;
const os = (await import("node:os" as string)) as { tmpdir(): string };
const url = (await import("node:url" as string)) as { pathToFileURL(path: string): URL };
const proc = (await import("node:process" as string)) as { cwd(): string; execPath: string };

/** The repository root: vitest runs from it. */
export const root = proc.cwd();
export const nodeBinary = proc.execPath;

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "mx-scan-"));
}

/** Imports a module file by path, bypassing vite's static import analysis. */
export async function importFile<T>(file: string): Promise<T> {
  const href = url.pathToFileURL(file).href;
  return (await import(/* @vite-ignore */ href)) as T;
}
