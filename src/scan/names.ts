import type {
  AssignmentProperty,
  MemberExpression,
  MethodDefinition,
  Property,
  PropertyDefinition,
} from "acorn";
import forbidden from "../sdk/forbidden-properties.json";
import { foldConstant, type ResolveName } from "./fold";

/**
 * Property names that lead to constructors, prototypes or the caller's frame. One list with the
 * run-time guard (`__mxKey` in src/sdk/guard.ts), which checks the keys the scan cannot see.
 */
export const FORBIDDEN_PROPERTIES: ReadonlySet<string> = new Set(forbidden);

/**
 * The names of the original design's critical capabilities, normalized: lower case, without
 * `_` and `-` (so `access_token`, `accessToken` and `ACCESS-TOKEN` are one name).
 */
const CRITICAL_NAMES: ReadonlySet<string> = new Set([
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

/**
 * Critical names that are also ordinary words of prose and URLs ("crypto prices",
 * `https://api.example.com/crypto/...`): strings may hold them, even as the whole string; as
 * an identifier or a key (also a computed or hidden one) they are refused like the others.
 */
const PROSE_WORDS: ReadonlySet<string> = new Set(["crypto"]);

/** Prefix of the names the rewrite adds (`__mxKey`); modules may not declare or use them. */
export const RESERVED_PREFIX = "__mx";

export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[_-]/g, "");
}

/** An identifier or property name is critical when the whole name is one of the critical names. */
export function isCriticalName(name: string): boolean {
  return CRITICAL_NAMES.has(normalizeName(name));
}

/**
 * The critical names a string mentions. Strings are also user-visible text, so a critical word
 * in prose ("log out of your devices") is fine. Flagged are: the whole string (trimmed) being a
 * critical name, or a word in it that is spelled like code rather than prose — with `_` or `-`
 * (`access_token`, `Device-Id`), in camelCase (`accessToken`), as a path or member segment
 * (after `/` or `.`: `/v3/logout`, `ctx.devices`) or as a query key (before `=`). `crypto` does
 * not count in strings (see PROSE_WORDS).
 */
export function criticalWordsIn(text: string): string[] {
  const whole = text.trim();
  if (isCriticalName(whole)) return PROSE_WORDS.has(normalizeName(whole)) ? [] : [whole];
  const found: string[] = [];
  for (const match of text.matchAll(/[A-Za-z0-9_-]+/g)) {
    const word = match[0];
    if (!isCriticalName(word) || PROSE_WORDS.has(normalizeName(word))) continue;
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

export type KeyedNode =
  | MemberExpression
  | Property
  | AssignmentProperty
  | MethodDefinition
  | PropertyDefinition;

/** The name of a member or key when it is certain statically, else null. */
export function staticKey(node: KeyedNode, resolveConst: ResolveName): string | null {
  const key = node.type === "MemberExpression" ? node.property : node.key;
  if (node.computed) {
    if (key.type === "PrivateIdentifier") return null;
    const value = foldConstant(key, resolveConst);
    return value === null ? null : String(value);
  }
  if (key.type === "Identifier") return key.name;
  if (key.type === "Literal") return String(key.value);
  return null;
}
