// The scan is written in TypeScript (src/scan); its Node entry is bundled and imported.
import { importTs } from "./import-ts.mjs";

/** @returns {Promise<typeof import("../../src/scan/node/index.ts")>} */
export function loadScan() {
  return importTs("src/scan/node/index.ts", "scan");
}
