import { foldConstant } from "./names.mjs";
import { forEachNode } from "./walk.mjs";

/** @typedef {import("acorn").AnyNode} AnyNode */

const TIMERS = new Set(["setTimeout", "setInterval"]);

/**
 * The first arguments of `setTimeout`/`setInterval` calls: `code` when it is a string of code
 * (a literal, a concatenation, or a variable initialized with one), `ok` for a function (an
 * arrow or function expression, or a name declared as one), `wrap` for anything else (a
 * parameter such as a promise's `resolve`): the rewrite then makes sure it runs as a call.
 * @param {import("./context.mjs").RuleContext} context
 * @returns {{ call: import("acorn").CallExpression, verdict: "code" | "wrap" | "ok" }[]}
 */
export function timerCalls({ program, scopes, parents }) {
  /** @type {{ call: import("acorn").CallExpression, verdict: "code" | "wrap" | "ok" }[]} */
  const calls = [];
  forEachNode(program, (node) => {
    if (node.type !== "CallExpression" || node.callee.type !== "Identifier") return;
    if (!TIMERS.has(node.callee.name) || scopes.bindingOf.get(node.callee) !== null) return;
    const first = node.arguments[0];
    /** @type {"code" | "wrap" | "ok"} */
    let verdict = "wrap";
    if (!first || first.type === "SpreadElement") verdict = "code";
    else {
      const value = first.type === "Identifier" ? declaredValue(first, scopes, parents) : first;
      if (value && isStringLike(value)) verdict = "code";
      else if (value && isFunction(value)) verdict = "ok";
    }
    calls.push({ call: node, verdict });
  });
  return calls;
}

/**
 * What a name stands for when that is known: a function declaration, or the initializer of a
 * `const`; null otherwise.
 * @param {import("acorn").Identifier} name
 * @param {import("./scope.mjs").ScopeInfo} scopes
 * @param {Map<AnyNode, AnyNode>} parents
 * @returns {AnyNode | null}
 */
function declaredValue(name, scopes, parents) {
  const binding = scopes.bindingOf.get(name);
  if (!binding) return null;
  if (binding.kind === "function") return binding.node;
  if (binding.kind !== "const") return null;
  const declarator = parents.get(binding.node);
  return declarator?.type === "VariableDeclarator" && declarator.id === binding.node
    ? (declarator.init ?? null)
    : null;
}

/** @param {AnyNode} node */
function isFunction(node) {
  return (
    node.type === "FunctionExpression" ||
    node.type === "ArrowFunctionExpression" ||
    node.type === "FunctionDeclaration"
  );
}

/** @param {AnyNode} node */
function isStringLike(node) {
  return (
    foldConstant(node) !== null ||
    node.type === "Literal" ||
    node.type === "TemplateLiteral" ||
    node.type === "TaggedTemplateExpression" ||
    (node.type === "BinaryExpression" && node.operator === "+")
  );
}

/** @param {import("./context.mjs").RuleContext} context */
export function checkTimers(context) {
  for (const { call, verdict } of timerCalls(context)) {
    if (verdict !== "code") continue;
    const name = call.callee.type === "Identifier" ? call.callee.name : "setTimeout";
    context.report(
      "string-timer",
      `\`${name}\` must be given a function (\`${name}(() => ..., ms)\`), never a string of code.`,
      call.arguments[0] ?? call,
      call.arguments[0] ? undefined : name,
    );
  }
}
