import type { AnyNode, CallExpression, Identifier } from "acorn";
import { foldConstant } from "./fold";
import type { RuleContext } from "./rule-context";

const TIMERS: ReadonlySet<string> = new Set(["setTimeout", "setInterval"]);

export type TimerVerdict = "code" | "wrap" | "ok";

/**
 * The first arguments of `setTimeout`/`setInterval` calls: `code` when it is a string of code
 * (a literal, a concatenation, or a variable initialized with one), `ok` for a function (an
 * arrow or function expression, or a name declared as one), `wrap` for anything else (a
 * parameter such as a promise's `resolve`): the rewrite then makes sure it runs as a call.
 */
export function timerCalls(
  context: RuleContext,
): { call: CallExpression; verdict: TimerVerdict }[] {
  const { nodes, scopes } = context;
  const calls: { call: CallExpression; verdict: TimerVerdict }[] = [];
  for (const node of nodes) {
    if (node.type !== "CallExpression" || node.callee.type !== "Identifier") continue;
    if (!TIMERS.has(node.callee.name) || scopes.bindingOf.get(node.callee) !== null) continue;
    const first = node.arguments[0];
    let verdict: TimerVerdict = "wrap";
    if (!first || first.type === "SpreadElement") verdict = "code";
    else {
      const value = first.type === "Identifier" ? declaredValue(first, context) : first;
      if (value && isStringLike(value)) verdict = "code";
      else if (value && isFunction(value)) verdict = "ok";
    }
    calls.push({ call: node, verdict });
  }
  return calls;
}

/**
 * What a name stands for when that is known: a function declaration, or the initializer of a
 * `const`; null otherwise.
 */
function declaredValue(name: Identifier, { scopes, resolveConst }: RuleContext): AnyNode | null {
  const binding = scopes.bindingOf.get(name);
  if (!binding) return null;
  if (binding.kind === "function") return binding.node;
  return resolveConst(name);
}

function isFunction(node: AnyNode): boolean {
  return (
    node.type === "FunctionExpression" ||
    node.type === "ArrowFunctionExpression" ||
    node.type === "FunctionDeclaration"
  );
}

function isStringLike(node: AnyNode): boolean {
  return (
    foldConstant(node, () => null) !== null ||
    node.type === "Literal" ||
    node.type === "TemplateLiteral" ||
    node.type === "TaggedTemplateExpression" ||
    (node.type === "BinaryExpression" && node.operator === "+")
  );
}

export function checkTimers(context: RuleContext): void {
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
