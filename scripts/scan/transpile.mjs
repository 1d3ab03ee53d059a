import { transformSync } from "esbuild";

/**
 * @typedef {{ ok: true, code: string, map: string }
 *   | { ok: false, message: string, line: number, column: number }} Transpiled
 */

/** @typedef {{ text: string, location: { line: number, column: number, lineText: string } | null }} EsbuildMessage */

/**
 * Strips TypeScript so acorn can parse the module. `verbatimModuleSyntax` keeps every import,
 * even unused ones, so the scan sees them; the source map carries positions back to the TS.
 * A fixed `sourcefile` keeps esbuild's generated names (`module_default`) independent of the
 * file's name.
 * @param {string} source
 * @param {"ts" | "js"} loader
 * @returns {Transpiled}
 */
export function transpile(source, loader) {
  try {
    const result = transformSync(source, {
      loader,
      format: "esm",
      target: "es2022",
      sourcemap: "external",
      sourcefile: "module.ts",
      tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
    });
    return { ok: true, code: result.code, map: result.map };
  } catch (error) {
    const first = /** @type {{ errors?: EsbuildMessage[] }} */ (error).errors?.[0];
    const location = first?.location;
    return {
      ok: false,
      message: first?.text ?? String(error),
      line: location?.line ?? 1,
      // esbuild counts columns in UTF-8 bytes; positions here are in UTF-16 units like acorn's.
      column: location
        ? Buffer.from(location.lineText).subarray(0, location.column).toString().length
        : 0,
    };
  }
}

/** @param {string} file */
export function loaderFor(file) {
  return /\.m?js$/i.test(file) ? "js" : "ts";
}
