import { transform } from "sucrase";
import type { Transpiled } from "../scan";

/**
 * Strips TypeScript inside the Worker, for modules installed from chat. sucrase is small
 * (~80 KiB gzip, no wasm), keeps every import when asked to, and keeps line numbers, so the
 * scan's findings point at the lines the author wrote.
 */
export function sucraseTranspile(source: string, file: string): Transpiled {
  try {
    const typescript = !/\.m?js$/i.test(file);
    const result = transform(source, {
      transforms: typescript ? ["typescript"] : [],
      disableESTransforms: true,
      keepUnusedImports: true,
      production: true,
      filePath: file,
      sourceMapOptions: { compiledFilename: "module.js" },
    });
    return {
      ok: true,
      code: result.code,
      map: result.sourceMap ? JSON.stringify(result.sourceMap) : null,
    };
  } catch (error) {
    const loc = (error as { loc?: { line: number; column: number } }).loc;
    return {
      ok: false,
      message: error instanceof Error ? error.message : String(error),
      line: loc?.line ?? 1,
      column: (loc?.column ?? 0) + 1,
    };
  }
}
