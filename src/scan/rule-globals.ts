import type { AnyNode, MemberExpression } from "acorn";
import { builtinValueUses } from "./builtin-values";
import {
  DANGEROUS_GLOBALS,
  EXTENDABLE,
  GLOBAL_ADVICE,
  NESTED_MEMBERS,
  PROTOTYPE_MEMBERS,
  SAFE_GLOBALS,
} from "./globals";
import { staticKey } from "./names";
import type { RuleContext } from "./rule-context";

/**
 * Every name a module uses without declaring it is a global; only the allowlist may be used,
 * and restricted globals only through their listed members.
 */
export function checkGlobals(context: RuleContext): void {
  const { scopes, parents, report } = context;
  for (const { node, binding, write } of scopes.references) {
    if (binding) continue;
    const name = node.name;
    const danger = DANGEROUS_GLOBALS.get(name);
    if (danger) {
      report(danger.rule, danger.message(name), node, name);
      continue;
    }
    const members = SAFE_GLOBALS.get(name);
    if (members === undefined) {
      const advice = GLOBAL_ADVICE.get(name);
      report(
        "global",
        `\`${name}\` is not declared in this module and is not a known-safe global; ${
          advice ??
          'modules may use their own declarations, imports from "mxuserbot", the `ctx` their handlers receive and safe built-ins such as JSON, Math, Map, Date and URL'
        }.`,
        node,
        name,
      );
      continue;
    }
    // Writes to globals are the built-in write rule's.
    if (write) continue;
    const parent = parents.get(node);
    if (parent) checkUse(context, name, members, node, parent);
  }
  for (const { node } of builtinValueUses(context).refuse) {
    const name = rootName(node);
    report(
      "global-alias",
      `\`${name}\` may be called or have its members read (${name}.x), but not be stored, passed around or destructured: built-ins are shared with the core, and a change made through an alias would go unchecked; use ${name}.x where you need it.`,
      node,
      name,
    );
  }
}

function rootName(node: AnyNode): string {
  if (node.type === "Identifier") return node.name;
  if (node.type === "ChainExpression") return rootName(node.expression);
  return "this built-in";
}

function checkUse(
  context: RuleContext,
  name: string,
  members: readonly string[] | null,
  node: AnyNode,
  parent: AnyNode,
): void {
  const { report, resolveConst } = context;
  if (parent.type === "MemberExpression" && parent.object === node) {
    if (members === null) return;
    const member = staticKey(parent, resolveConst);
    const needle = parent.property.type === "Identifier" ? (member ?? undefined) : undefined;
    if (member === null) {
      report(
        "global-member",
        `\`${name}[...]\` with a computed key is not allowed; use one of ${listMembers(name, members)} by name.`,
        parent.property,
      );
    } else if (PROTOTYPE_MEMBERS.has(member) && !members.includes(member)) {
      report(
        "prototype",
        `\`${name}.${member}\` reads or changes prototypes and property descriptors, which can reach the constructors and internals the scan keeps out; use plain objects, classes and spread instead.`,
        parent.property,
        needle,
      );
    } else if (!members.includes(member)) {
      report(
        "global-member",
        `\`${name}.${member}\` is not on the list of safe members; a module may use ${listMembers(name, members)}.`,
        parent.property,
        needle,
      );
    } else {
      checkNested(context, `${name}.${member}`, parent);
    }
    return;
  }
  if (
    (parent.type === "ClassDeclaration" || parent.type === "ClassExpression") &&
    parent.superClass === node &&
    !EXTENDABLE.has(name)
  ) {
    report(
      "global-extends",
      `a class may not extend \`${name}\`: the subclass would inherit ${name}'s statics, including the ones modules may not use; write a plain class, or extend one of Error, Map, Set, Array, Promise, Date.`,
      node,
      name,
    );
  }
}

/** `crypto.subtle` may only be read as `crypto.subtle.digest`. */
function checkNested(context: RuleContext, path: string, member: MemberExpression): void {
  const allowed = NESTED_MEMBERS.get(path);
  if (!allowed) return;
  let top: AnyNode = member;
  let parent = context.parents.get(top);
  while (parent?.type === "ChainExpression") {
    top = parent;
    parent = context.parents.get(top);
  }
  const key =
    parent?.type === "MemberExpression" && parent.object === top
      ? staticKey(parent, context.resolveConst)
      : null;
  if (key !== null && allowed.includes(key)) return;
  context.report(
    "global-member",
    `\`${path}\` may only be used as ${listMembers(path, allowed)}; keys, signatures and encryption are not available to modules.`,
    parent?.type === "MemberExpression" ? parent.property : member.property,
    key ?? undefined,
  );
}

function listMembers(name: string, members: readonly string[]): string {
  return members.length === 0
    ? `\`${name}\` itself (it has no members a module may use)`
    : members.map((m) => `${name}.${m}`).join(", ");
}
