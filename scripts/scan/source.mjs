import { parse } from "acorn";
import { escapeFindings, internalFinding, syntaxFinding, tidy } from "./findings.mjs";
import { rewrite } from "./rewrite.mjs";
import { checkGlobals } from "./rule-globals.mjs";
import { checkImports } from "./rule-imports.mjs";
import { checkNames } from "./rule-names.mjs";
import { checkTimers } from "./rule-timers.mjs";
import { checkWrites } from "./rule-writes.mjs";
import { analyzeScopes } from "./scope.mjs";
import { checkShape } from "./shape.mjs";
import { createLocator } from "./sourcemap.mjs";
import { loaderFor, transpile } from "./transpile.mjs";
import { parentsOf } from "./walk.mjs";

/** @typedef {import("./findings.mjs").Finding} Finding */
/**
 * @typedef {{ file: string, name: string | null, accepted: boolean, findings: Finding[], code: string | null }} ScanResult
 * `code`: for an accepted module, the transpiled JavaScript after the rewrite (imports kept).
 */

/** @param {string} code */
function parseModule(code) {
  return parse(code, { ecmaVersion: "latest", sourceType: "module", locations: true });
}

/**
 * Scans one module's source. A module is refused on any finding; the scan fails closed, so an
 * error inside the scan itself refuses the module too (rule `internal`).
 * @param {string} source
 * @param {string} file
 * @returns {ScanResult}
 */
export function scanSource(source, file) {
  /** @param {Finding[]} findings @param {string | null} name @returns {ScanResult} */
  const refused = (findings, name = null) => ({
    file,
    name,
    accepted: false,
    findings: tidy(findings),
    code: null,
  });

  const transpiled = transpile(source, loaderFor(file));
  if (!transpiled.ok) {
    return refused([syntaxFinding(transpiled.message, transpiled.line, transpiled.column)]);
  }
  const locate = createLocator(transpiled.map, source, transpiled.code);
  let program;
  try {
    program = parseModule(transpiled.code);
  } catch (error) {
    const loc = /** @type {{ loc?: { line: number, column: number } }} */ (error).loc;
    const at = loc ? locate(loc.line, loc.column) : { line: 1, column: 0 };
    return refused([
      syntaxFinding(String(/** @type {Error} */ (error).message), at.line, at.column),
    ]);
  }

  /** @type {Finding[]} */
  const findings = [];
  let name = null;
  let code;
  try {
    /** @type {import("./context.mjs").RuleContext} */
    const context = {
      program,
      scopes: analyzeScopes(program),
      parents: parentsOf(program),
      report(rule, message, node, needle) {
        const start = node.loc?.start ?? { line: 1, column: 0 };
        findings.push({ rule, message, ...locate(start.line, start.column, needle) });
      },
    };
    findings.push(...escapeFindings(source));
    checkImports(context);
    checkGlobals(context);
    checkTimers(context);
    checkNames(context);
    checkWrites(context);
    name = checkShape(context);
    if (findings.length > 0) return refused(findings, name);
    code = rewrite(transpiled.code, context);
    parseModule(code);
  } catch (error) {
    return refused([internalFinding(error)], name);
  }
  return { file, name, accepted: true, findings: [], code };
}
