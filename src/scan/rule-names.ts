import type { AnyNode } from "acorn";
import { foldConstant } from "./fold";
import { guessValue } from "./guess-value";
import {
  criticalWordsIn,
  FORBIDDEN_PROPERTIES,
  isCriticalName,
  type KeyedNode,
  RESERVED_PREFIX,
  staticKey,
} from "./names";
import type { RuleContext } from "./rule-context";

/** Globals named like a critical name that are something else: Web Crypto (see rule-globals). */
const ORDINARY_GLOBALS: ReadonlySet<string> = new Set(["crypto"]);

/**
 * Names: forbidden property names in every key position, the critical names in identifiers,
 * keys and strings, and the names reserved for the rewrite. A computed key is also read when
 * it is spelled to hide it (`atob(...)`, `String.fromCharCode(...)`, reversed, from a table).
 */
export function checkNames(context: RuleContext): void {
  const { nodes, parents, report, scopes, resolveConst, resolveName } = context;
  const forbidden = (name: string, at: AnyNode) =>
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

  const critical = (name: string, at: AnyNode) =>
    report(
      "critical-name",
      `\`${name}\` names something modules never get (the access token, logout, the device list or Matrix crypto); there is no way to it from a module, so remove it.`,
      at,
      at.type === "Identifier" ? name : undefined,
    );

  const criticalText = (text: string, at: AnyNode) => {
    for (const word of criticalWordsIn(text)) critical(word, at);
  };

  /**
   * A key: certain, or else guessed through the spelling that hides it. Identifier keys are
   * checked as identifiers; a key written as a string or computed is checked here as a name.
   */
  const checkKey = (node: KeyedNode) => {
    const key = node.type === "MemberExpression" ? node.property : node.key;
    let name = staticKey(node, resolveConst);
    if (name === null && node.computed && key.type !== "PrivateIdentifier") {
      const guess = guessValue(key, resolveName);
      if (typeof guess === "string" || typeof guess === "number") name = String(guess);
    }
    if (name === null) return;
    if ((node.computed || key.type === "Literal") && isCriticalName(name)) critical(name, key);
    if (FORBIDDEN_PROPERTIES.has(name)) forbidden(name, key);
  };

  for (const node of nodes) {
    switch (node.type) {
      case "Identifier":
      case "PrivateIdentifier":
        if (
          isCriticalName(node.name) &&
          !(
            node.type === "Identifier" &&
            ORDINARY_GLOBALS.has(node.name) &&
            scopes.bindingOf.get(node) === null
          )
        ) {
          critical(node.name, node);
        }
        if (node.name.startsWith(RESERVED_PREFIX)) {
          report(
            "reserved-name",
            `names starting with \`${RESERVED_PREFIX}\` are reserved for the scan's own guards; rename \`${node.name}\`.`,
            node,
            node.name,
          );
        }
        break;
      case "Literal":
        if (typeof node.value === "string") criticalText(node.value, node);
        else if (node.regex) criticalText(node.regex.pattern, node);
        break;
      case "TemplateElement":
        criticalText(node.value.cooked ?? node.value.raw, node);
        break;
      case "TemplateLiteral":
      case "BinaryExpression": {
        // A template without expressions is its single TemplateElement, checked above. A
        // concatenation of literals is checked once, as a whole, at its outermost node.
        if (node.type === "TemplateLiteral" && node.expressions.length === 0) break;
        const parent = parents.get(node);
        if (parent && isConstant(parent)) break;
        const value = foldConstant(node, () => null);
        if (typeof value === "string") criticalText(value, node);
        break;
      }
      case "MemberExpression":
        checkKey(node);
        break;
      case "Property":
      case "PropertyDefinition":
      case "MethodDefinition":
        // A class's own constructor is an ordinary part of a class.
        if (node.type === "MethodDefinition" && node.kind === "constructor") break;
        checkKey(node);
        break;
      default:
    }
  }
}

function isConstant(node: AnyNode): boolean {
  return (
    (node.type === "BinaryExpression" || node.type === "TemplateLiteral") &&
    foldConstant(node, () => null) !== null
  );
}
