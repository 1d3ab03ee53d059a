import { builtinValueUses } from "./builtin-values.mjs";
import { SDK } from "./context.mjs";
import { foldConstant } from "./names.mjs";
import { timerCalls } from "./rule-timers.mjs";
import { forEachNode } from "./walk.mjs";

/** @typedef {import("acorn").AnyNode} AnyNode */

const KEY_GUARD = "__mxKey";

/**
 * Computed keys that are assigned also may not be call, apply or bind (see rule-writes.mjs).
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

/**
 * The scan cannot prove that a computed key (`obj[k]`) is not "constructor" or "__proto__" at
 * run time, so an accepted module's computed keys go through the SDK's `__mxKey`, which throws
 * for the forbidden names and returns the key (as a primitive) otherwise. Built-ins used as
 * values are handed over wrapped (see builtin-values.mjs), and timer callbacks the scan cannot
 * see are wrapped so that a string is never run as code.
 * The edits are insertions into esbuild's output at node offsets.
 * @param {string} code the transpiled module
 * @param {import("./context.mjs").RuleContext} context
 */
export function rewrite(code, context) {
  /** @type {{ at: number, text: string, span: number, opening: boolean }[]} */
  const inserts = [];
  /** @param {AnyNode} node @param {string} before @param {string} after */
  const wrap = (node, before, after) => {
    // `a[(b, c)]`: the node's range leaves out the parentheses, and `f(b, c)` would pass two.
    const comma = node.type === "SequenceExpression";
    const span = node.end - node.start;
    inserts.push({ at: node.start, text: comma ? `${before}(` : before, span, opening: true });
    inserts.push({ at: node.end, text: comma ? `)${after}` : after, span, opening: false });
  };

  const written = new Set(context.scopes.writeTargets);
  let guarded = 0;
  let writes = false;
  forEachNode(context.program, (node) => {
    /** @type {AnyNode | null} */
    let key = null;
    if (node.type === "MemberExpression" && node.computed) key = node.property;
    else if (
      (node.type === "Property" ||
        node.type === "MethodDefinition" ||
        node.type === "PropertyDefinition") &&
      node.computed
    ) {
      key = node.key;
    }
    if (!key || foldConstant(key) !== null) return;
    const write = written.has(node);
    wrap(key, `${write ? WRITE_GUARD : KEY_GUARD}(`, ")");
    guarded++;
    writes ||= write;
  });

  for (const { node, parent } of builtinValueUses(context).wrap) {
    const shorthand = parent?.type === "Property" && parent.shorthand;
    const name = node.type === "Identifier" ? node.name : "";
    wrap(node, `${shorthand ? `${name}: ` : ""}${VALUE_GUARD}(`, ")");
  }

  for (const { call, verdict } of timerCalls(context)) {
    const first = call.arguments[0];
    if (verdict === "wrap" && first) wrap(first, `${TIMER_GUARD}(`, ")");
  }

  // From the end backwards so earlier offsets stay valid. Text inserted later at an offset
  // lands in front of text inserted earlier there, so at one offset: openings before closings
  // (a closing ends up in front), inner openings before outer ones, outer closings before inner.
  inserts.sort(
    (a, b) =>
      b.at - a.at ||
      Number(b.opening) - Number(a.opening) ||
      (a.opening ? a.span - b.span : b.span - a.span),
  );
  let out = code;
  for (const { at, text } of inserts) out = out.slice(0, at) + text + out.slice(at);
  const header = [
    guarded > 0 ? `import { ${KEY_GUARD} } from "${SDK}";\n` : "",
    writes ? WRITE_GUARD_DECLARATION : "",
  ].join("");
  return header + out;
}
