/**
 * @typedef {import("acorn").AnyNode} AnyNode
 * @typedef {{
 *   program: import("acorn").Program,
 *   scopes: import("./scope.mjs").ScopeInfo,
 *   parents: Map<AnyNode, AnyNode>,
 *   report: (rule: string, message: string, node: AnyNode, needle?: string) => void,
 * }} RuleContext
 * What every rule gets: the parsed (transpiled) module, its scopes, each node's parent, and
 * `report`, which records a finding at a node (`needle`: the name written there, to pin the
 * column in the original source).
 */

/** The SDK, the only module a community module may import from. */
export const SDK = "mxuserbot";

/**
 * The identifier at the root of a member chain (`JSON` in `JSON.parse.x`), or null.
 * @param {AnyNode} node
 * @returns {import("acorn").Identifier | null}
 */
export function rootIdentifier(node) {
  let current = node;
  while (current.type === "MemberExpression" || current.type === "ChainExpression") {
    current = current.type === "MemberExpression" ? current.object : current.expression;
  }
  return current.type === "Identifier" ? current : null;
}
