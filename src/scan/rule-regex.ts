import { foldConstant } from "./fold";
import { regexProblem } from "./regex-safety";
import type { RuleContext } from "./rule-context";

/**
 * Regular expressions run on what strangers write (watcher patterns on every message, and
 * whatever a command matches its arguments against), so every regex literal of a module, and
 * every `RegExp("...")` built from literals, must not backtrack catastrophically. Patterns
 * built at run time are checked by the core when the module is loaded (watchers).
 */
export function checkRegexes({ nodes, scopes, resolveConst, report }: RuleContext): void {
  const seen = new Map<string, string | null>();
  const check = (source: string, flags: string) => {
    const key = `${flags}/${source}`;
    if (!seen.has(key)) seen.set(key, regexProblem(source, flags));
    return seen.get(key) ?? null;
  };
  for (const node of nodes) {
    let pattern: { source: string; flags: string } | null = null;
    if (node.type === "Literal" && node.regex) {
      pattern = { source: node.regex.pattern, flags: node.regex.flags };
    } else if (
      (node.type === "NewExpression" || node.type === "CallExpression") &&
      node.callee.type === "Identifier" &&
      node.callee.name === "RegExp" &&
      scopes.bindingOf.get(node.callee) === null
    ) {
      const [first, second] = node.arguments;
      const source =
        first && first.type !== "SpreadElement" ? foldConstant(first, resolveConst) : null;
      const flags =
        second === undefined
          ? ""
          : second.type !== "SpreadElement"
            ? foldConstant(second, resolveConst)
            : null;
      if (typeof source === "string" && typeof flags === "string") pattern = { source, flags };
    }
    if (!pattern) continue;
    const problem = check(pattern.source, pattern.flags);
    if (problem) report("redos", `${problem}.`, node);
  }
}
