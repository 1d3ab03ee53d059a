import type { AnyNode, Identifier, ObjectExpression, Program } from "acorn";
import type { ResolveName } from "./fold";
import type { ScopeInfo } from "./scope";

/** The SDK, the only module a community module may import from. */
export const SDK = "mxuserbot";

/**
 * What every rule gets: the parsed (transpiled) module, its scopes, every node once in source
 * order with its parent, the `defineModule({...})` object when the module has one, name
 * resolution, and `report`, which records a finding at a node (`needle`: the name written
 * there, to pin the column in the original source).
 */
export interface RuleContext {
  program: Program;
  scopes: ScopeInfo;
  nodes: readonly AnyNode[];
  parents: Map<AnyNode, AnyNode>;
  moduleObject: ObjectExpression | null;
  /** The initializer of a `const` name: its value is certain. */
  resolveConst: ResolveName;
  /** The initializer of a name that is never assigned again: only a best guess (objects change). */
  resolveName: ResolveName;
  report(rule: string, message: string, node: AnyNode, needle?: string): void;
}

/** The identifier at the root of a member chain (`JSON` in `JSON.parse.x`), or null. */
export function rootIdentifier(node: AnyNode): Identifier | null {
  let current = node;
  while (current.type === "MemberExpression" || current.type === "ChainExpression") {
    if (current.type === "MemberExpression") {
      if (current.object.type === "Super") return null;
      current = current.object;
    } else current = current.expression;
  }
  return current.type === "Identifier" ? current : null;
}

/**
 * Name resolution over a module's scopes. `resolveConst` follows `const` names only;
 * `resolveName` also `let` and `var` names assigned nowhere else.
 */
export function nameResolvers(
  scopes: ScopeInfo,
  parents: Map<AnyNode, AnyNode>,
): { resolveConst: ResolveName; resolveName: ResolveName } {
  const initializer = (name: Identifier, constOnly: boolean): AnyNode | null => {
    const binding = scopes.bindingOf.get(name);
    if (binding?.node.type !== "Identifier") return null;
    const settled =
      binding.kind === "const" ||
      (!constOnly &&
        (binding.kind === "let" || binding.kind === "var") &&
        binding.writes === 0 &&
        binding.declarations === 1);
    if (!settled) return null;
    const declarator = parents.get(binding.node);
    return declarator?.type === "VariableDeclarator" && declarator.id === binding.node
      ? (declarator.init ?? null)
      : null;
  };
  return {
    resolveConst: (name) => initializer(name, true),
    resolveName: (name) => initializer(name, false),
  };
}
