import { existsSync } from "node:fs";
import type { ScanResult } from "../types";
import { scanPaths } from "./scan-paths";

const USAGE = `usage: npm run scan -- [--json] [path...]
  path    a module file or a folder of them (default: modules/)
  --json  print one JSON document: {"modules":[{"file","name","accepted","findings"}]}`;

export interface CliOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

class UsageError extends Error {}

function parseArgs(args: readonly string[]): { json: boolean; help: boolean; paths: string[] } {
  let json = false;
  let help = false;
  const paths: string[] = [];
  let flagsDone = false;
  for (const arg of args) {
    if (!flagsDone && arg === "--") flagsDone = true;
    else if (!flagsDone && arg === "--json") json = true;
    else if (!flagsDone && (arg === "--help" || arg === "-h")) help = true;
    else if (!flagsDone && arg.startsWith("-") && arg !== "-")
      throw new UsageError(`unknown option ${arg}`);
    else paths.push(arg);
  }
  return { json, help, paths };
}

/** The readable report. */
export function report(results: readonly ScanResult[]): string {
  const lines: string[] = [];
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

/**
 * `npm run scan -- [--json] [path...]`: 0 when every module is accepted, 1 when any is refused,
 * 2 on a usage error. With --json, stdout is exactly one JSON document.
 */
export async function runCli(
  args: readonly string[],
  out: CliOutput = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  },
): Promise<number> {
  const usageError = (message: string) => {
    out.stderr(`scan: ${message}\n${USAGE}\n`);
    return 2;
  };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs(args);
  } catch (error) {
    if (error instanceof UsageError) return usageError(error.message);
    throw error;
  }
  const { json, help, paths } = parsed;
  if (help) {
    out.stdout(`${USAGE}\n`);
    return 0;
  }
  const missing = paths.find((path) => !existsSync(path));
  if (missing !== undefined) return usageError(`no such file or folder: ${missing}`);
  // Without a modules folder the bot simply has no community modules.
  const targets = paths.length > 0 ? paths : existsSync("modules/") ? ["modules/"] : [];

  let results: ScanResult[];
  try {
    results = await scanPaths(targets);
  } catch (error) {
    return usageError(
      `cannot read the modules: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (json) {
    const modules = results.map(({ file, name, accepted, findings }) => ({
      file,
      name,
      accepted,
      findings: findings.map(({ rule, message, line, column }) => ({
        rule,
        message,
        line,
        column,
      })),
    }));
    out.stdout(`${JSON.stringify({ modules })}\n`);
  } else {
    out.stdout(report(results));
  }
  return results.every((r) => r.accepted) ? 0 : 1;
}
