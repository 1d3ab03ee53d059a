import type { AnyNode } from "acorn";
import { builtinValueUses } from "./builtin-values";
import { foldConstant } from "./fold";
import { type RuleContext, SDK } from "./rule-context";
import { timerCalls } from "./rule-timers";

const KEY_GUARD = "__mxKey";

/**
 * Computed keys that are assigned also may not be call, apply or bind (see rule-writes.ts).
 * Declared in the module itself, before any of its code runs; the `__mx` prefix is reserved,
 * so module code cannot shadow or replace it.
 */
const WRITE_GUARD = "__mxWriteKey";
const WRITE_GUARD_DECLARATION = `const ${WRITE_GUARD} = (k) => { const key = ${KEY_GUARD}(k); if (key === "call" || key === "apply" || key === "bind") throw new TypeError("a module may not assign call, apply or bind"); return key; };\n`;

/**
 * Hands over a built-in function (`Number` in `arr.map(Number)`) as a fresh function that
 * forwards calls and `new` to it, so the module never holds the shared function object.
 */
const VALUE_GUARD = "((v) => function (...a) { return new.target ? new v(...a) : v(...a); })";

/** Makes a timer's callback a call, so a string handed over as one never runs as code. */
const TIMER_GUARD = "((f) => (...a) => f(...a))";

interface Insert {
  at: number;
  text: string;
  span: number;
  opening: boolean;
}

/**
 * The scan cannot prove that a computed key (`obj[k]`) is not "constructor" or "__proto__" at
 * run time, so an accepted module's computed keys go through the SDK's `__mxKey`, which throws
 * for the forbidden names and returns the key (as a primitive) otherwise. Built-ins used as
 * values are handed over wrapped (see builtin-values.ts), and timer callbacks the scan cannot
 * see are wrapped so that a string is never run as code.
 * The edits are insertions into the transpiled code at node offsets.
 */
export function rewrite(code: string, context: RuleContext): string {
  const inserts: Insert[] = [];
  const wrap = (node: AnyNode, before: string, after: string) => {
    // `a[(b, c)]`: the node's range leaves out the parentheses, and `f(b, c)` would pass two.
    const comma = node.type === "SequenceExpression";
    const span = node.end - node.start;
    inserts.push({ at: node.start, text: comma ? `${before}(` : before, span, opening: true });
    inserts.push({ at: node.end, text: comma ? `)${after}` : after, span, opening: false });
  };

  const written = new Set(context.scopes.writeTargets);
  let guarded = 0;
  let writes = false;
  for (const node of context.nodes) {
    let key: AnyNode | null = null;
    if (node.type === "MemberExpression" && node.computed) key = node.property;
    else if (
      (node.type === "Property" ||
        node.type === "MethodDefinition" ||
        node.type === "PropertyDefinition") &&
      node.computed
    ) {
      key = node.key;
    }
    if (!key || key.type === "PrivateIdentifier") continue;
    if (foldConstant(key, context.resolveConst) !== null) continue;
    const write = written.has(node);
    wrap(key, `${write ? WRITE_GUARD : KEY_GUARD}(`, ")");
    guarded++;
    writes ||= write;
  }

  for (const { node, parent } of builtinValueUses(context).wrap) {
    const shorthand = parent?.type === "Property" && parent.shorthand;
    const name = node.type === "Identifier" ? node.name : "";
    wrap(node, `${shorthand ? `${name}: ` : ""}${VALUE_GUARD}(`, ")");
  }

  for (const { call, verdict } of timerCalls(context)) {
    const first = call.arguments[0];
    if (verdict === "wrap" && first) wrap(first, `${TIMER_GUARD}(`, ")");
  }

  // In text order. At one offset: closings before openings (a closing ends an earlier node),
  // inner closings before outer ones, outer openings before inner ones.
  inserts.sort(
    (a, b) =>
      a.at - b.at ||
      Number(a.opening) - Number(b.opening) ||
      (a.opening ? b.span - a.span : a.span - b.span),
  );
  const parts: string[] = [];
  let from = 0;
  for (const { at, text } of inserts) {
    parts.push(code.slice(from, at), text);
    from = at;
  }
  parts.push(code.slice(from));
  const header = [
    guarded > 0 ? `import { ${KEY_GUARD} } from "${SDK}";\n` : "",
    writes ? WRITE_GUARD_DECLARATION : "",
  ].join("");
  return header + parts.join("");
}
