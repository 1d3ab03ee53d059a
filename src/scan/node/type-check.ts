import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Finding } from "../types";

/** One line of `tsc --pretty false`: `file(line,col): error TS2339: message`. */
const DIAGNOSTIC = /^(.+)\((\d+),(\d+)\): error (TS\d+): (.*)$/;
const GLOBAL_DIAGNOSTIC = /^error (TS\d+): (.*)$/;

/**
 * Type-checks modules against the SDK's types with the TypeScript compiler (`tsc`, run once
 * for all of them over a generated tsconfig that maps "mxuserbot" to src/sdk/index.ts). A cron
 * job calling `ctx.send`, a command reading `ctx.match`, a wrong argument to ctx.db.set: the
 * compiler's message becomes a finding (rule `types`) at its position. Files are absolute
 * paths; the answer has an entry for each one with errors.
 */
export function typeCheck(files: readonly string[], root: string): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  if (files.length === 0) return out;
  const dir = mkdtempSync(join(tmpdir(), "mx-types-"));
  try {
    const config = {
      compilerOptions: {
        target: "es2022",
        module: "es2022",
        moduleResolution: "bundler",
        lib: ["es2023"],
        types: [],
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        allowJs: true,
        checkJs: true,
        verbatimModuleSyntax: true,
        isolatedModules: true,
        resolveJsonModule: true,
        paths: { mxuserbot: [join(root, "src/sdk/index.ts")] },
      },
      // The Worker's globals (Response, RequestInit, ...), which the SDK's types use.
      files: [join(root, "node_modules/@cloudflare/workers-types/index.d.ts"), ...files],
    };
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(config));
    const tsc = spawnSync(
      process.execPath,
      [join(root, "node_modules/typescript/bin/tsc"), "-p", dir, "--pretty", "false"],
      { cwd: dir, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
    );
    const wanted = new Set(files);
    const failures: string[] = [];
    let last: { file: string; code: string; text: string[]; at: Finding } | null = null;
    const flush = () => {
      if (!last) return;
      const text = last.text.map((t) => t.replace(/\.$/, "")).join("; ");
      last.at.message = `${text} (${last.code}): a module must type-check against the SDK's types.`;
      out.set(last.file, [...(out.get(last.file) ?? []), last.at]);
      last = null;
    };
    for (const line of tsc.stdout.split(/\r?\n/)) {
      const match = DIAGNOSTIC.exec(line);
      if (match) {
        flush();
        const [, printed = "", row = "1", column = "1", code = "", message = ""] = match;
        const file = resolve(dir, printed);
        // Errors inside the SDK itself are the repository's own type check's business.
        if (!wanted.has(file)) continue;
        const at: Finding = { rule: "types", message, line: Number(row), column: Number(column) };
        last = { file, code, text: [message], at };
      } else if (last && /^\s+\S/.test(line)) {
        // The compiler's elaboration of the error above.
        last.text.push(line.trim());
      } else {
        flush();
        const global = GLOBAL_DIAGNOSTIC.exec(line);
        if (global) failures.push(`${global[2]} (${global[1]})`);
      }
    }
    flush();
    if (tsc.error || tsc.status === null || tsc.status > 2 || failures.length > 0) {
      const why =
        tsc.error?.message ?? (failures.join("; ") || tsc.stderr.trim() || `exit ${tsc.status}`);
      const finding: Finding = {
        rule: "types",
        message: `the type check could not run (${why}), so the scan cannot tell whether this module fits the SDK; it is refused until the type check works.`,
        line: 1,
        column: 1,
      };
      for (const file of files) out.set(file, [finding]);
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
