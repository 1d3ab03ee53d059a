import {
  criticalWordsIn,
  FORBIDDEN_PROPERTIES,
  foldConstant,
  isCriticalName,
  RESERVED_PREFIX,
  staticKey,
} from "./names.mjs";
import { forEachNode } from "./walk.mjs";

/** @typedef {import("acorn").AnyNode} AnyNode */

/**
 * Names: forbidden property names in every key position, the critical names in identifiers,
 * keys and strings, and the names reserved for the rewrite.
 * @param {import("./context.mjs").RuleContext} context
 */
export function checkNames({ program, report }) {
  /** @param {string} name @param {AnyNode} at */
  const forbidden = (name, at) =>
    report(
      "forbidden-property",
      `the property \`${name}\` leads to constructors, prototypes or the calling function, which modules may not touch; ${
        name === "arguments"
          ? "use rest parameters (`...args`)"
          : "use your own objects and classes"
      }.`,
      at,
      at.type === "Identifier" ? at.name : undefined,
    );

  /** @param {string} name @param {AnyNode} at */
  const critical = (name, at) =>
    report(
      "critical-name",
      `\`${name}\` names something modules never get (the access token, logout, the device list or crypto); there is no way to it from a module, so remove it.`,
      at,
      at.type === "Identifier" ? name : undefined,
    );

  /** @param {string} text @param {AnyNode} at */
  const criticalText = (text, at) => {
    for (const word of criticalWordsIn(text)) critical(word, at);
  };

  forEachNode(program, (node, parent) => {
    switch (node.type) {
      case "Identifier":
      case "PrivateIdentifier":
        if (isCriticalName(node.name)) critical(node.name, node);
        if (node.name.startsWith(RESERVED_PREFIX)) {
          report(
            "reserved-name",
            `names starting with \`${RESERVED_PREFIX}\` are reserved for the scan's own guards; rename \`${node.name}\`.`,
            node,
            node.name,
          );
        }
        return;
      case "Literal":
        if (typeof node.value === "string") criticalText(node.value, node);
        else if (node.regex) criticalText(node.regex.pattern, node);
        return;
      case "TemplateElement":
        criticalText(node.value.cooked ?? node.value.raw, node);
        return;
      case "TemplateLiteral":
      case "BinaryExpression": {
        // A template without expressions is its single TemplateElement, checked above. A
        // concatenation of literals is checked once, as a whole, at its outermost node.
        if (node.type === "TemplateLiteral" && node.expressions.length === 0) return;
        if (parent && isConstant(parent)) return;
        const value = foldConstant(node);
        if (typeof value === "string") criticalText(value, node);
        return;
      }
      case "MemberExpression": {
        const name = staticKey(node);
        if (name !== null && FORBIDDEN_PROPERTIES.has(name)) forbidden(name, node.property);
        return;
      }
      case "Property":
      case "PropertyDefinition":
      case "MethodDefinition": {
        // A class's own constructor is an ordinary part of a class.
        if (node.type === "MethodDefinition" && node.kind === "constructor") return;
        const name = staticKey(node);
        if (name !== null && FORBIDDEN_PROPERTIES.has(name)) forbidden(name, node.key);
        return;
      }
      default:
    }
  });
}

/** @param {AnyNode} node */
function isConstant(node) {
  return (
    (node.type === "BinaryExpression" || node.type === "TemplateLiteral") &&
    foldConstant(node) !== null
  );
}
