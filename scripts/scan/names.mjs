import forbidden from "../../src/sdk/forbidden-properties.json" with { type: "json" };

/** @typedef {import("acorn").AnyNode} AnyNode */

/**
 * Property names that lead to constructors, prototypes or the caller's frame. One list with the
 * run-time guard (`__mxKey` in src/sdk/guard.ts), which checks the keys the scan cannot see.
 */
export const FORBIDDEN_PROPERTIES = new Set(forbidden);

/**
 * The names of the original design's critical capabilities, normalized: lower case, without
 * `_` and `-` (so `access_token`, `accessToken` and `ACCESS-TOKEN` are one name).
 */
const CRITICAL_NAMES = new Set([
  "accesstoken",
  "astoken",
  "hstoken",
  "matrixaccesstoken",
  "logout",
  "logoutall",
  "devices",
  "deviceid",
  "crypto",
]);

/** Prefix of the names the rewrite adds (`__mxKey`); modules may not declare or use them. */
export const RESERVED_PREFIX = "__mx";

/** @param {string} name */
export function normalizeName(name) {
  return name.toLowerCase().replace(/[_-]/g, "");
}

/** An identifier or property name is critical when the whole name is one of the critical names. */
/** @param {string} name */
export function isCriticalName(name) {
  return CRITICAL_NAMES.has(normalizeName(name));
}

/**
 * The critical names a string mentions. Strings are also user-visible text, so a critical word
 * in prose ("crypto prices", "log out of your devices") is fine. Flagged are: the whole string
 * (trimmed) being a critical name, or a word in it that is spelled like code rather than prose —
 * with `_` or `-` (`access_token`, `Device-Id`), in camelCase (`accessToken`), as a path or
 * member segment (after `/` or `.`: `/v3/logout`, `ctx.devices`) or as a query key (before `=`).
 * @param {string} text
 * @returns {string[]}
 */
export function criticalWordsIn(text) {
  if (isCriticalName(text.trim())) return [text.trim()];
  /** @type {string[]} */
  const found = [];
  for (const match of text.matchAll(/[A-Za-z0-9_-]+/g)) {
    const word = match[0];
    if (!isCriticalName(word)) continue;
    const before = text[match.index - 1] ?? "";
    const after = text[match.index + word.length] ?? "";
    const codeLike =
      /[_-]/.test(word) ||
      /[a-z][A-Z]/.test(word) ||
      before === "/" ||
      before === "." ||
      after === "=";
    if (codeLike) found.push(word);
  }
  return found;
}

/**
 * The value of an expression made only of string and number literals, `+` and template
 * literals (`"constr" + "uctor"`, `` `a${1}` ``), with JavaScript's semantics; otherwise null.
 * @param {AnyNode} node
 * @returns {string | number | null}
 */
export function foldConstant(node) {
  switch (node.type) {
    case "Literal":
      return typeof node.value === "string" || typeof node.value === "number" ? node.value : null;
    case "TemplateLiteral": {
      let out = "";
      for (let i = 0; i < node.quasis.length; i++) {
        const cooked = node.quasis[i]?.value.cooked;
        if (cooked == null) return null;
        out += cooked;
        const expression = node.expressions[i];
        if (expression) {
          const value = foldConstant(expression);
          if (value === null) return null;
          out += String(value);
        }
      }
      return out;
    }
    case "BinaryExpression": {
      if (node.operator !== "+" || node.left.type === "PrivateIdentifier") return null;
      const left = foldConstant(node.left);
      const right = left === null ? null : foldConstant(node.right);
      if (left === null || right === null) return null;
      return typeof left === "number" && typeof right === "number"
        ? left + right
        : `${left}${right}`;
    }
    default:
      return null;
  }
}

/**
 * The name of a member or key when it is known statically, else null.
 * @param {import("acorn").MemberExpression | import("acorn").Property | import("acorn").AssignmentProperty
 *   | import("acorn").MethodDefinition | import("acorn").PropertyDefinition} node
 * @returns {string | null}
 */
export function staticKey(node) {
  const key = node.type === "MemberExpression" ? node.property : node.key;
  if (node.computed) {
    const value = foldConstant(key);
    return value === null ? null : String(value);
  }
  if (key.type === "Identifier") return key.name;
  if (key.type === "Literal") return String(key.value);
  return null;
}
