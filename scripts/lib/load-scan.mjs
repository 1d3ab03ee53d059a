// Node 20 cannot run TypeScript, and the scan is written in it (src/scan). This bundles the
// scan's Node entry (src/scan/node/index.ts) with esbuild into build/scan.mjs, its packages
// left as imports, and imports that. esbuild takes a few tens of milliseconds; each run writes
// a file of its own and renames it into place, so runs side by side never read a half-written one.
import { renameSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** @returns {Promise<typeof import("../../src/scan/node/index.ts")>} */
export async function loadScan() {
  const outfile = `${root}build/scan.mjs`;
  const temporary = `${root}build/scan.${process.pid}.${Date.now()}.tmp.mjs`;
  await build({
    entryPoints: [`${root}src/scan/node/index.ts`],
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
