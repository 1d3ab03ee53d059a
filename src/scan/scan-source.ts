import { type AnyNode, type Program, parse } from "acorn";
import { escapeFindings, internalFinding, syntaxFinding, tidy } from "./findings";
import { createLocator, identityLocator, type Locate } from "./locate";
import { checkShape, findModule } from "./module-shape";
import { rewrite } from "./rewrite";
import { nameResolvers, type RuleContext } from "./rule-context";
import { checkGlobals } from "./rule-globals";
import { checkImports } from "./rule-imports";
import { checkNames } from "./rule-names";
import { checkNetwork } from "./rule-network";
import { checkRegexes } from "./rule-regex";
import { checkSdkUse } from "./rule-sdk";
import { checkTimers } from "./rule-timers";
import { checkWrites } from "./rule-writes";
import { analyzeScopes } from "./scope";
import type { Finding, ScanOptions, ScanResult, Transpiled } from "./types";
import { indexNodes } from "./walk";

function parseModule(code: string): Program {
  return parse(code, { ecmaVersion: "latest", sourceType: "module", locations: true });
}

/**
 * Scans one module's source: transpiled by `options.transpile` when given (the source must
 * otherwise be JavaScript), parsed, and checked by every rule. A module is refused on any
 * finding; the scan fails closed, so an error inside the scan itself refuses the module too
 * (rule `internal`). Uses nothing of the platform: it runs in Node and in the Worker alike.
 */
export function scanSource(source: string, file: string, options: ScanOptions = {}): ScanResult {
  const refused = (findings: Finding[], name: string | null = null): ScanResult => ({
    file,
    name,
    accepted: false,
    findings: tidy(findings),
    code: null,
  });

  let transpiled: Transpiled;
  try {
    transpiled = options.transpile ? options.transpile(source, file) : { ok: true, code: source };
  } catch (error) {
    // A transpiler that throws (sucrase does) has met code it cannot read.
    const loc = (error as { loc?: { line?: unknown; column?: unknown } }).loc;
    const line = typeof loc?.line === "number" ? loc.line : 1;
    const column = typeof loc?.column === "number" ? loc.column + 1 : 1;
    const message = error instanceof Error ? error.message : String(error);
    return refused([syntaxFinding(message, line, column)]);
  }
  if (!transpiled.ok) {
    return refused([syntaxFinding(transpiled.message, transpiled.line, transpiled.column)]);
  }
  const { code, map } = transpiled;
  const locate: Locate = map ? createLocator(map, source, code) : identityLocator(source);

  let program: Program;
  try {
    program = parseModule(code);
  } catch (error) {
    const loc = (error as { loc?: { line: number; column: number } }).loc;
    const at = loc ? locate(loc.line, loc.column) : { line: 1, column: 1 };
    const message = error instanceof Error ? error.message : String(error);
    return refused([syntaxFinding(message, at.line, at.column)]);
  }

  const findings: Finding[] = [];
  let name: string | null = null;
  let out: string;
  try {
    const scopes = analyzeScopes(program);
    const { nodes, parents } = indexNodes(program);
    const declaration = findModule(program, scopes);
    const context: RuleContext = {
      program,
      scopes,
      nodes,
      parents,
      moduleObject: declaration.object,
      ...nameResolvers(scopes, parents),
      report(rule: string, message: string, node: AnyNode, needle?: string) {
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
    checkSdkUse(context);
    checkNetwork(context);
    checkRegexes(context);
    name = checkShape(context, declaration);
    if (findings.length > 0) return refused(findings, name);
    out = rewrite(code, context);
    parseModule(out);
  } catch (error) {
    return refused([internalFinding(error)], name);
  }
  return { file, name, accepted: true, findings: [], code: out };
}
