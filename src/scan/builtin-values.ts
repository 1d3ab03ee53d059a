import type { AnyNode } from "acorn";
import { SAFE_GLOBALS, VALUE_GLOBALS } from "./globals";
import type { RuleContext } from "./rule-context";

/**
 * Built-ins are shared with the core, and the built-in write rule sees a write only when it is
 * written against the global's name (`Number.isInteger = f`). So a safe global may not be stored
 * or passed around as a value (`const j = JSON; j.stringify = spy` would go unseen), with one
 * exception: the value globals (`arr.map(Number)`), which the rewrite hands over wrapped in a
 * fresh function that forwards to them.
 *
 * "Used as a value" is anything but being called, constructed, used as a template tag, read a
 * member of, compared, tested with `typeof`/`instanceof`/`in`, extended or matched by a `case`.
 * Destructuring a global (`const { isInteger } = Number`) is refused outright: the wrapper has no
 * members, so it would silently give `undefined`.
 */
export interface BuiltinUse {
  node: AnyNode;
  parent: AnyNode | null;
}

/** Globals whose values are primitives: nothing to write to, nothing to wrap. */
const PRIMITIVES: ReadonlySet<string> = new Set(["undefined", "NaN", "Infinity"]);

const NOT_A_VALUE_OPERATORS: ReadonlySet<string> = new Set([
  "instanceof",
  "in",
  "===",
  "!==",
  "==",
  "!=",
]);

export function builtinValueUses({ scopes, parents }: RuleContext): {
  wrap: BuiltinUse[];
  refuse: BuiltinUse[];
} {
  const wrap: BuiltinUse[] = [];
  const refuse: BuiltinUse[] = [];
  for (const { node, binding, write } of scopes.references) {
    if (binding || write || !SAFE_GLOBALS.has(node.name) || PRIMITIVES.has(node.name)) continue;
    let top: AnyNode = node;
    for (
      let parent = parents.get(top);
      parent?.type === "ChainExpression";
      parent = parents.get(top)
    ) {
      top = parent;
    }
    const parent = parents.get(top) ?? null;
    if (!usedAsValue(top, parent)) continue;
    const use = { node: top, parent };
    if (VALUE_GLOBALS.has(node.name) && !destructured(top, parent)) wrap.push(use);
    else refuse.push(use);
  }
  return { wrap, refuse };
}

function usedAsValue(node: AnyNode, parent: AnyNode | null): boolean {
  if (!parent) return true;
  switch (parent.type) {
    case "MemberExpression":
      return parent.object !== node;
    case "CallExpression":
    case "NewExpression":
      return parent.callee !== node;
    case "TaggedTemplateExpression":
      return parent.tag !== node;
    case "BinaryExpression":
      return !NOT_A_VALUE_OPERATORS.has(parent.operator);
    case "UnaryExpression":
      return parent.operator !== "typeof" && parent.operator !== "delete";
    case "ClassDeclaration":
    case "ClassExpression":
      return parent.superClass !== node;
    case "SwitchCase":
      return parent.test !== node;
    default:
      return true;
  }
}

function destructured(node: AnyNode, parent: AnyNode | null): boolean {
  const isPattern = (target: AnyNode) =>
    target.type === "ObjectPattern" || target.type === "ArrayPattern";
  if (parent?.type === "VariableDeclarator") return parent.init === node && isPattern(parent.id);
  if (parent?.type === "AssignmentExpression")
    return parent.right === node && isPattern(parent.left);
  return false;
}
