import type { AnyNode } from "acorn";
import { staticKey } from "./names";
import { type RuleContext, rootIdentifier, SDK } from "./rule-context";

/** The members through which every caller of a function calls it. */
export const FUNCTION_MEMBERS: ReadonlySet<string> = new Set(["call", "apply", "bind"]);

/**
 * Built-ins and the SDK are shared with the core in the same isolate: a module that replaced
 * `JSON.stringify` or `Date.now` would change how the core behaves. Writes whose target is rooted
 * in a global or an import are refused, and so are assignments to undeclared names, which would
 * create globals.
 */
export function checkWrites({ nodes, scopes, report, resolveConst }: RuleContext): void {
  const refuse = (target: AnyNode, what: string) =>
    report(
      "builtin-write",
      `${what} is shared with the core and may not be changed by a module; keep your own data in your own objects.`,
      target,
      rootIdentifier(target)?.name,
    );

  const shared = (target: AnyNode): string | null => {
    const root = rootIdentifier(target);
    if (!root) return null;
    const binding = scopes.bindingOf.get(root);
    if (binding === null) return `the built-in \`${root.name}\``;
    if (binding?.kind === "import" && binding.source === SDK)
      return `\`${root.name}\` from "${SDK}"`;
    return null;
  };

  const hijack = (at: AnyNode, name: string) =>
    report(
      "builtin-write",
      `assigning \`${name}\` to a function changes how it is called for everyone holding it, and built-in methods (\`[].push\`, \`({}).toString\`) are shared with the core; a module may not assign call, apply or bind.`,
      at,
      name,
    );

  for (const target of scopes.writeTargets) {
    const what = shared(target);
    if (what) refuse(target, what);
    if (target.type !== "MemberExpression") continue;
    const key = staticKey(target, resolveConst);
    if (key !== null && FUNCTION_MEMBERS.has(key)) hijack(target.property, key);
  }

  for (const { node, binding, write } of scopes.references) {
    if (!write) continue;
    if (binding === null) {
      report(
        "builtin-write",
        `\`${node.name}\` is not declared, so this assignment would create or change a global shared with the core; declare it with \`let\` or \`const\`.`,
        node,
        node.name,
      );
    } else if (binding.kind === "import") {
      refuse(node, `\`${node.name}\` from "${binding.source}"`);
    }
  }

  // Object.assign(JSON, ...) and Object.freeze(Math) change built-ins without an assignment.
  for (const node of nodes) {
    if (node.type !== "CallExpression" || node.callee.type !== "MemberExpression") continue;
    const callee = node.callee;
    if (callee.object.type !== "Identifier" || callee.object.name !== "Object") continue;
    if (scopes.bindingOf.get(callee.object) !== null) continue;
    const member = staticKey(callee, resolveConst);
    if (member !== "assign" && member !== "freeze") continue;
    const first = node.arguments[0];
    if (!first) continue;
    if (first.type === "SpreadElement") {
      report(
        "builtin-write",
        `\`Object.${member}\` needs its target written out, not spread, so the scan can see it is not a built-in.`,
        first,
      );
      continue;
    }
    const what = shared(first);
    if (what) refuse(first, what);
    if (member !== "assign") continue;
    for (const source of node.arguments.slice(1)) {
      if (source.type !== "ObjectExpression") continue;
      for (const property of source.properties) {
        if (property.type !== "Property") continue;
        const key = staticKey(property, resolveConst);
        if (key !== null && FUNCTION_MEMBERS.has(key)) hijack(property.key, key);
      }
    }
  }
}
