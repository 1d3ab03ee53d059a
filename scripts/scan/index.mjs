/**
 * The deploy-time module scan: each community module is transpiled, parsed and checked against
 * an allowlist of what module code may reach; an accepted module comes back rewritten with
 * run-time guards for what static analysis cannot decide.
 */

/** @typedef {import("./findings.mjs").Finding} Finding */
/** @typedef {import("./source.mjs").ScanResult} ScanResult */

export { scanPaths } from "./paths.mjs";
export { scanSource } from "./source.mjs";
