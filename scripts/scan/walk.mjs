/** @typedef {import("acorn").AnyNode} AnyNode */

/** @param {unknown} value @returns {value is AnyNode} */
function isNode(value) {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (/** @type {{ type?: unknown }} */ (value).type) === "string" &&
    typeof (/** @type {{ start?: unknown }} */ (value).start) === "number"
  );
}

/**
 * The direct child nodes of a node, in source order for the node types acorn produces.
 * @param {AnyNode} node
 * @returns {AnyNode[]}
 */
export function childrenOf(node) {
  /** @type {AnyNode[]} */
  const out = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === "loc") continue;
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) out.push(item);
    } else if (isNode(value)) {
      out.push(value);
    }
  }
  return out;
}

/**
 * Calls `visit` for every node, parents before children.
 * @param {AnyNode} root
 * @param {(node: AnyNode, parent: AnyNode | null) => void} visit
 */
export function forEachNode(root, visit) {
  /** @type {[AnyNode, AnyNode | null][]} */
  const stack = [[root, null]];
  while (stack.length > 0) {
    const [node, parent] = /** @type {[AnyNode, AnyNode | null]} */ (stack.pop());
    visit(node, parent);
    const children = childrenOf(node);
    for (let i = children.length - 1; i >= 0; i--) {
      stack.push([/** @type {AnyNode} */ (children[i]), node]);
    }
  }
}

/**
 * @param {AnyNode} root
 * @returns {Map<AnyNode, AnyNode>} each node's parent (the root has none)
 */
export function parentsOf(root) {
  /** @type {Map<AnyNode, AnyNode>} */
  const parents = new Map();
  forEachNode(root, (node, parent) => {
    if (parent) parents.set(node, parent);
  });
  return parents;
}
