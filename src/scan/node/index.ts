/**
 * The module scan for Node: the CLI (`npm run scan`) and the deploy-time build
 * (scripts/build-modules.mjs) load this, bundled by scripts/lib/load-scan.mjs. It adds to the
 * platform-free core (../index.ts) what needs Node: esbuild to strip types, files and folders,
 * and the type check against the SDK with tsc.
 */
export { hostNameProblem, isHostName, isRegexSafe, regexProblem } from "../index";
export type { Finding, ScanResult } from "../types";
export { runCli } from "./cli";
export { type ScanPathsOptions, scanPaths, scanSource } from "./scan-paths";
export { esbuildTranspile } from "./transpile";
export { typeCheck } from "./type-check";
