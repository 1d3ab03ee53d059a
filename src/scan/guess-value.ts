import type { AnyNode } from "acorn";
import { type Folded, joinTemplate, type ResolveName } from "./fold";

/** Strings longer than this are not built: an obfuscated key is short. */
const MAX_LENGTH = 10_000;
const MAX_DEPTH = 40;

/**
 * A best guess at the value of an expression, for finding keys spelled so that a reader cannot
 * see them: `atob("Y29uc3RydWN0b3I=")`, `String.fromCharCode(...)`, reversed strings, string
 * tables (`t[0] + t[1]`). It follows names whose value may still change (an array can be
 * written), so its answer is only ever used to refuse, never to leave out a run-time guard.
 */
export function guessValue(node: AnyNode, resolveName: ResolveName, depth = 0): Folded | null {
  if (depth > MAX_DEPTH) return null;
  const guess = (n: AnyNode | null | undefined) =>
    n ? guessValue(n, resolveName, depth + 1) : null;
  switch (node.type) {
    case "Literal":
      return typeof node.value === "string" ||
        typeof node.value === "number" ||
        typeof node.value === "boolean"
        ? node.value
        : null;
    case "TemplateLiteral": {
      const out = joinTemplate(node, guess);
      return out === null ? null : bounded(out);
    }
    case "Identifier": {
      const init = resolveName(node);
      return init ? guess(init) : null;
    }
    case "ArrayExpression": {
      const out: Folded[] = [];
      for (const element of node.elements) {
        if (!element) return null;
        if (element.type === "SpreadElement") {
          const spread = guess(element.argument);
          if (typeof spread === "string") out.push(...spread);
          else if (Array.isArray(spread)) out.push(...spread);
          else return null;
        } else {
          const value = guess(element);
          if (value === null) return null;
          out.push(value);
        }
      }
      return out.length > MAX_LENGTH ? null : out;
    }
    case "BinaryExpression": {
      if (node.left.type === "PrivateIdentifier") return null;
      const left = guess(node.left);
      const right = left === null ? null : guess(node.right);
      if (left === null || right === null) return null;
      return binary(node.operator, left, right);
    }
    case "MemberExpression": {
      if (node.object.type === "Super") return null;
      const object = guess(node.object);
      if (object === null) return null;
      const key = node.computed
        ? guess(node.property)
        : node.property.type === "Identifier"
          ? node.property.name
          : null;
      if (key === "length" && (typeof object === "string" || Array.isArray(object)))
        return object.length;
      if (typeof key !== "number" || (typeof object !== "string" && !Array.isArray(object)))
        return null;
      return object[key] ?? null;
    }
    case "ChainExpression":
      return guess(node.expression);
    case "SequenceExpression":
      return guess(node.expressions[node.expressions.length - 1]);
    case "CallExpression":
      return guessCall(node.callee, node.arguments, (n) => guess(n));
    default:
      return null;
  }
}

function bounded(text: string): string | null {
  return text.length > MAX_LENGTH ? null : text;
}

function binary(operator: string, left: Folded, right: Folded): Folded | null {
  if (operator === "+") {
    if (typeof left === "number" && typeof right === "number") return left + right;
    if (Array.isArray(left) || Array.isArray(right))
      return bounded(`${String(left)}${String(right)}`);
    return bounded(`${left}${right}`);
  }
  if (typeof left !== "number" || typeof right !== "number") return null;
  switch (operator) {
    case "-":
      return left - right;
    case "*":
      return left * right;
    case "/":
      return left / right;
    case "%":
      return left % right;
    case "^":
      return left ^ right;
    case "|":
      return left | right;
    case "&":
      return left & right;
    default:
      return null;
  }
}

type Guess = (node: AnyNode) => Folded | null;

function guessCall(callee: AnyNode, args: readonly AnyNode[], guess: Guess): Folded | null {
  const values: Folded[] = [];
  for (const arg of args) {
    if (arg.type === "SpreadElement") {
      const spread = guess(arg.argument);
      if (!Array.isArray(spread)) return null;
      values.push(...spread);
      continue;
    }
    const value = guess(arg);
    if (value === null) return null;
    values.push(value);
  }
  if (callee.type === "Identifier") return globalCall(callee.name, values);
  if (callee.type !== "MemberExpression" || callee.computed) return null;
  if (callee.property.type !== "Identifier") return null;
  const method = callee.property.name;
  if (
    callee.object.type === "Identifier" &&
    (callee.object.name === "String" || callee.object.name === "Array")
  ) {
    return staticCall(`${callee.object.name}.${method}`, values);
  }
  if (callee.object.type === "Super") return null;
  const receiver = guess(callee.object);
  if (typeof receiver === "string") return stringMethod(receiver, method, values);
  if (Array.isArray(receiver)) return arrayMethod(receiver, method, values);
  return null;
}

function globalCall(name: string, values: readonly Folded[]): Folded | null {
  const [first] = values;
  switch (name) {
    case "String":
      return first === undefined ? "" : String(first);
    case "atob":
      return typeof first === "string" ? decodeBase64(first) : null;
    case "decodeURIComponent":
    case "decodeURI":
      if (typeof first !== "string") return null;
      try {
        return decodeURIComponent(first);
      } catch {
        return null;
      }
    default:
      return null;
  }
}

function staticCall(name: string, values: readonly Folded[]): Folded | null {
  switch (name) {
    case "String.fromCharCode":
      return values.every((v) => typeof v === "number")
        ? bounded(String.fromCharCode(...(values as number[])))
        : null;
    case "String.fromCodePoint":
      try {
        return values.every((v) => typeof v === "number")
          ? bounded(String.fromCodePoint(...(values as number[])))
          : null;
      } catch {
        return null;
      }
    case "Array.from": {
      const [first] = values;
      if (typeof first === "string") return [...first];
      return Array.isArray(first) ? first : null;
    }
    case "Array.of":
      return values;
    default:
      return null;
  }
}

function stringMethod(text: string, method: string, values: readonly Folded[]): Folded | null {
  const [a, b] = values;
  const str = (v: Folded | undefined) => (typeof v === "string" ? v : null);
  const num = (v: Folded | undefined, fallback: number) =>
    v === undefined ? fallback : typeof v === "number" ? v : null;
  switch (method) {
    case "split": {
      if (a === undefined) return [text];
      const separator = str(a);
      return separator === null ? null : text.split(separator);
    }
    case "concat":
      return bounded(text + values.map(String).join(""));
    case "slice":
    case "substring":
    case "substr": {
      const start = num(a, 0);
      const end = num(b, text.length);
      if (start === null || end === null) return null;
      if (method === "slice") return text.slice(start, end);
      if (method === "substring") return text.substring(start, end);
      return text.substr(start, end);
    }
    case "toLowerCase":
    case "toLocaleLowerCase":
      return text.toLowerCase();
    case "toUpperCase":
    case "toLocaleUpperCase":
      return text.toUpperCase();
    case "trim":
      return text.trim();
    case "trimStart":
      return text.trimStart();
    case "trimEnd":
      return text.trimEnd();
    case "toString":
    case "valueOf":
    case "normalize":
      return text;
    case "charAt":
    case "at": {
      const index = num(a, 0);
      if (index === null) return null;
      return (method === "at" ? text.at(index) : text.charAt(index)) ?? null;
    }
    case "repeat": {
      const count = num(a, 0);
      if (count === null || count < 0 || count * text.length > MAX_LENGTH) return null;
      return text.repeat(count);
    }
    case "replace":
    case "replaceAll": {
      const from = str(a);
      const to = str(b);
      if (from === null || to === null) return null;
      return bounded(method === "replace" ? text.replace(from, to) : text.replaceAll(from, to));
    }
    case "padStart":
    case "padEnd": {
      const length = num(a, 0);
      const fill = b === undefined ? " " : str(b);
      if (length === null || fill === null || length > MAX_LENGTH) return null;
      return method === "padStart" ? text.padStart(length, fill) : text.padEnd(length, fill);
    }
    default:
      return null;
  }
}

function arrayMethod(
  list: readonly Folded[],
  method: string,
  values: readonly Folded[],
): Folded | null {
  const [a, b] = values;
  switch (method) {
    case "reverse":
    case "toReversed":
      return [...list].reverse();
    case "join": {
      const separator = a === undefined ? "," : typeof a === "string" ? a : null;
      return separator === null ? null : bounded(list.map(String).join(separator));
    }
    case "concat":
      return list.concat(...values.map((v) => (Array.isArray(v) ? v : [v])));
    case "slice": {
      const start = a === undefined ? 0 : typeof a === "number" ? a : null;
      const end = b === undefined ? list.length : typeof b === "number" ? b : null;
      return start === null || end === null ? null : list.slice(start, end);
    }
    case "at":
      return typeof a === "number" ? (list.at(a) ?? null) : null;
    case "flat":
      return list.flat() as Folded[];
    case "toString":
      return list.map(String).join(",");
    default:
      return null;
  }
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** `atob` without the platform: base64 to a string of bytes, or null when it is not base64. */
export function decodeBase64(text: string): string | null {
  const clean = text.replace(/[\t\n\f\r ]/g, "").replace(/={1,2}$/, "");
  if (clean.length % 4 === 1 || /[^A-Za-z0-9+/]/.test(clean)) return null;
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const char of clean) {
    buffer = (buffer << 6) | BASE64.indexOf(char);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((buffer >> bits) & 0xff);
    }
  }
  return bounded(out);
}
