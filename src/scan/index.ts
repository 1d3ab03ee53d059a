/**
 * The module scan, platform-free: every community module is parsed and checked against an
 * allowlist of what module code may reach; an accepted module comes back rewritten with
 * run-time guards for what static analysis cannot decide. It runs in Node (the CLI and the
 * deploy-time build, see ./node/, which adds esbuild, files and the type check) and in the
 * Worker (run-time installs), given a transpiler for TypeScript.
 */
export { hostNameProblem, isHostName } from "./host-name";
export { isRegexSafe, type RegexSafetyOptions, regexProblem } from "./regex-safety";
export { scanSource } from "./scan-source";
export type { Finding, ScanOptions, ScanResult, Transpile, Transpiled } from "./types";
