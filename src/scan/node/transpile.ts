import { type Message, transformSync } from "esbuild";
import type { Transpiled } from "../types";

/**
 * Strips TypeScript with esbuild so acorn can parse the module. `verbatimModuleSyntax` keeps
 * every import, even unused ones, so the scan sees them; the source map carries positions back
 * to the TypeScript. A fixed `sourcefile` keeps esbuild's generated names (`module_default`)
 * independent of the file's name.
 */
export function esbuildTranspile(source: string, file: string): Transpiled {
  try {
    const result = transformSync(source, {
      loader: /\.m?js$/i.test(file) ? "js" : "ts",
      format: "esm",
      target: "es2022",
      sourcemap: "external",
      sourcefile: "module.ts",
      tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
    });
    return { ok: true, code: result.code, map: result.map };
  } catch (error) {
    const first = (error as { errors?: Message[] }).errors?.[0];
    const location = first?.location;
    return {
      ok: false,
      message: first?.text ?? String(error),
      line: location?.line ?? 1,
      // esbuild counts columns in UTF-8 bytes; findings count UTF-16 units, from 1.
      column: location
        ? Buffer.from(location.lineText).subarray(0, location.column).toString().length + 1
        : 1,
    };
  }
}
