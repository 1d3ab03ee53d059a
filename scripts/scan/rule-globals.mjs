import { builtinValueUses } from "./builtin-values.mjs";
import {
  DANGEROUS_GLOBALS,
  EXTENDABLE,
  GLOBAL_ADVICE,
  PROTOTYPE_MEMBERS,
  SAFE_GLOBALS,
} from "./globals.mjs";
import { staticKey } from "./names.mjs";

/** @typedef {import("acorn").AnyNode} AnyNode */

/**
 * Every name a module uses without declaring it is a global; only the allowlist may be used,
 * and restricted globals only through their listed members.
 * @param {import("./context.mjs").RuleContext} context
 */
export function checkGlobals(context) {
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
    if (parent) checkUse(name, members, node, parent, report);
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

/** @param {AnyNode} node @returns {string} */
function rootName(node) {
  if (node.type === "Identifier") return node.name;
  if (node.type === "ChainExpression") return rootName(node.expression);
  return "this built-in";
}

/**
 * @param {string} name
 * @param {readonly string[] | null} members
 * @param {AnyNode} node
 * @param {AnyNode} parent
 * @param {import("./context.mjs").RuleContext["report"]} report
 */
function checkUse(name, members, node, parent, report) {
  if (parent.type === "MemberExpression" && parent.object === node) {
    if (members === null) return;
    const member = staticKey(parent);
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

/** @param {string} name @param {readonly string[]} members */
function listMembers(name, members) {
  return members.length === 0
    ? `\`${name}\` itself (it has no members a module may use)`
    : members.map((m) => `${name}.${m}`).join(", ");
}
