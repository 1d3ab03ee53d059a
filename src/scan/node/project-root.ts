import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The repository the scan belongs to (where src/sdk and node_modules are), found upward from
 * this file: it runs from src/scan/node in tests and from build/scan.mjs once bundled.
 */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "src/sdk/index.ts")) && existsSync(join(dir, "package.json")))
      return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error("cannot find the project root (src/sdk/index.ts)");
    dir = parent;
  }
}
