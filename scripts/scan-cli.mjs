#!/usr/bin/env node
// The deploy-time module scan, by hand: `npm run scan -- [--json] [path...]`.
// Exit 0 when every module is accepted, 1 when any is refused, 2 on a usage error.
// The scan itself is src/scan (TypeScript), loaded through scripts/lib/load-scan.mjs.
import { loadScan } from "./lib/load-scan.mjs";

const { runCli } = await loadScan();
process.exitCode = await runCli(process.argv.slice(2));
