import type { AnyNode, Identifier, TemplateLiteral } from "acorn";

/** A value the scan worked out from the source: a primitive, or an array of them. */
export type Folded = string | number | boolean | readonly Folded[];

/** What a name stands for when that is known: its initializer, or null. */
export type ResolveName = (name: Identifier) => AnyNode | null;

/**
 * The value of a key or string expression that is certain at run time: literals, `+` and
 * templates over them, and `const` names bound to such values. Strings and numbers cannot
 * change, so the rewrite may skip the run-time key guard for what this folds. Null otherwise.
 */
export function foldConstant(
  node: AnyNode,
  resolveConst: ResolveName,
  depth = 0,
): string | number | null {
  if (depth > 40) return null;
  switch (node.type) {
    case "Literal":
      return typeof node.value === "string" || typeof node.value === "number" ? node.value : null;
    case "TemplateLiteral":
      return joinTemplate(node, (e) => foldConstant(e, resolveConst, depth + 1));
    case "BinaryExpression": {
      if (node.operator !== "+" || node.left.type === "PrivateIdentifier") return null;
      const left = foldConstant(node.left, resolveConst, depth + 1);
      const right = left === null ? null : foldConstant(node.right, resolveConst, depth + 1);
      if (left === null || right === null) return null;
      return typeof left === "number" && typeof right === "number"
        ? left + right
        : `${left}${right}`;
    }
    case "Identifier": {
      const init = resolveConst(node);
      return init ? foldConstant(init, resolveConst, depth + 1) : null;
    }
    default:
      return null;
  }
}

/** A template literal's text, its expressions valued by `value`; null when one has none. */
export function joinTemplate(
  node: TemplateLiteral,
  value: (expression: AnyNode) => Folded | null,
): string | null {
  let out = "";
  for (let i = 0; i < node.quasis.length; i++) {
    const cooked = node.quasis[i]?.value.cooked;
    if (cooked == null) return null;
    out += cooked;
    const expression = node.expressions[i];
    if (expression) {
      const part = value(expression);
      if (part === null) return null;
      out += String(part);
    }
  }
  return out;
}
