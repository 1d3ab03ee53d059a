// Node 20 cannot run TypeScript. This bundles a .ts entry with esbuild into build/<name>.mjs, its
// packages left as imports, and imports that. Each run writes a file of its own and renames it
// into place, so runs side by side never read a half-written one.
import { mkdirSync, renameSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("../..", import.meta.url));

/**
 * @param {string} entry the entry, relative to the project root
 * @param {string} name where it goes, relative to build/ (without .mjs)
 * @returns {Promise<any>} the module's exports
 */
export async function importTs(entry, name) {
  const outfile = join(root, "build", `${name}.mjs`);
  mkdirSync(dirname(outfile), { recursive: true });
  const temporary = `${outfile.slice(0, -4)}.${process.pid}.${Date.now()}.tmp.mjs`;
  await build({
    entryPoints: [join(root, entry)],
    outfile: temporary,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    logLevel: "error",
  });
  renameSync(temporary, outfile);
  return import(pathToFileURL(outfile).href);
}
