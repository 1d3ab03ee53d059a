/**
 * The globals a module may use. This is an allowlist: a global that is not here is refused.
 * A `null` entry allows every member; a list allows only those members (read with a dot or a
 * literal key), so the reflective and prototype-changing statics stay out of reach.
 */

export const SAFE_GLOBALS: ReadonlyMap<string, readonly string[] | null> = new Map<
  string,
  readonly string[] | null
>([
  ["undefined", []],
  ["NaN", []],
  ["Infinity", []],
  [
    "Object",
    ["keys", "values", "entries", "fromEntries", "assign", "freeze", "isFrozen", "hasOwn", "is"],
  ],
  ["Array", ["isArray", "from", "of"]],
  ["JSON", ["parse", "stringify"]],
  ["Math", null],
  ["Number", null],
  ["String", ["fromCharCode", "fromCodePoint", "raw"]],
  ["Boolean", []],
  ["Date", ["now", "parse", "UTC"]],
  ["Promise", ["all", "allSettled", "race", "any", "resolve", "reject", "withResolvers"]],
  ["Map", null],
  ["Set", null],
  ["WeakMap", null],
  ["WeakSet", null],
  ["Symbol", ["iterator", "asyncIterator", "for"]],
  ["RegExp", []],
  ["Error", ["captureStackTrace"]],
  ["TypeError", []],
  ["RangeError", []],
  ["SyntaxError", []],
  ["URIError", []],
  ["EvalError", []],
  ["AggregateError", []],
  ["URL", null],
  ["URLSearchParams", null],
  ["TextEncoder", null],
  ["TextDecoder", null],
  ["encodeURIComponent", []],
  ["decodeURIComponent", []],
  ["encodeURI", []],
  ["decodeURI", []],
  ["parseInt", []],
  ["parseFloat", []],
  ["isNaN", []],
  ["isFinite", []],
  ["structuredClone", []],
  ["atob", []],
  ["btoa", []],
  ["Intl", null],
  ["BigInt", null],
  ["ArrayBuffer", null],
  ["DataView", null],
  ["Uint8Array", null],
  ["Int8Array", null],
  ["Uint16Array", null],
  ["Int16Array", null],
  ["Uint32Array", null],
  ["Int32Array", null],
  ["Float32Array", null],
  ["Float64Array", null],
  ["BigInt64Array", null],
  ["BigUint64Array", null],
  ["Uint8ClampedArray", null],
  ["setTimeout", []],
  ["clearTimeout", []],
  ["setInterval", []],
  ["clearInterval", []],
  ["queueMicrotask", []],
  ["console", null],
  ["AbortController", null],
  ["AbortSignal", null],
  ["Headers", null],
  ["Response", null],
  ["Blob", null],
  // Web Crypto's ordinary tools; crypto.subtle only for digest (see NESTED_MEMBERS).
  ["crypto", ["randomUUID", "getRandomValues", "subtle"]],
]);

/**
 * Members of a safe global's member that a module may use: `crypto.subtle` only as
 * `crypto.subtle.digest(...)`. Keys, signatures and encryption (generateKey, importKey, sign,
 * ...) stay out: nothing a chat module needs, and "crypto" is one of the critical names.
 */
export const NESTED_MEMBERS: ReadonlyMap<string, readonly string[]> = new Map([
  ["crypto.subtle", ["digest"]],
]);

/** The safe globals that are not functions; every other one is, and may not be indexed with a computed key. */
export const NON_FUNCTION_GLOBALS: ReadonlySet<string> = new Set([
  "undefined",
  "NaN",
  "Infinity",
  "JSON",
  "Math",
  "Intl",
  "console",
  "crypto",
]);

/**
 * Safe globals that may also be used as plain values (`arr.map(Number)`, `.filter(Boolean)`).
 * Any other safe global may only be called, constructed, read a member of, tested with
 * `instanceof`/`typeof` or extended: an alias (`const O = Object`) would escape the member
 * restrictions and the built-in write checks, which only see the global's own name.
 */
export const VALUE_GLOBALS: ReadonlySet<string> = new Set([
  "undefined",
  "NaN",
  "Infinity",
  "Boolean",
  "Number",
  "String",
  "encodeURIComponent",
  "decodeURIComponent",
  "encodeURI",
  "decodeURI",
  "parseInt",
  "parseFloat",
  "isNaN",
  "isFinite",
  "structuredClone",
  "atob",
  "btoa",
]);

/**
 * The safe globals a class may extend. A subclass inherits its parent's statics, and `super`
 * reaches them, so extending a restricted global could get around its member restrictions:
 * `class X extends Object` has X.defineProperty, and `class X extends RegExp` has X.$1, the last
 * match of any regular expression in the isolate (the core's included). These parents have no
 * statics worth hiding.
 */
export const EXTENDABLE: ReadonlySet<string> = new Set([
  "Error",
  "TypeError",
  "RangeError",
  "SyntaxError",
  "URIError",
  "EvalError",
  "AggregateError",
  "Array",
  "Map",
  "Set",
  "WeakMap",
  "WeakSet",
  "Promise",
  "Date",
  "String",
  "Number",
  "Boolean",
  "URL",
  "URLSearchParams",
  "Headers",
  "Response",
  "AbortController",
  "TextEncoder",
  "TextDecoder",
  "ArrayBuffer",
  "DataView",
  "Uint8Array",
  "Int8Array",
  "Uint16Array",
  "Int16Array",
  "Uint32Array",
  "Int32Array",
  "Float32Array",
  "Float64Array",
  "BigInt64Array",
  "BigUint64Array",
  "Uint8ClampedArray",
]);

/** Members of Object (and Reflect) that read or change prototypes and property descriptors. */
export const PROTOTYPE_MEMBERS: ReadonlySet<string> = new Set([
  "setPrototypeOf",
  "getPrototypeOf",
  "defineProperty",
  "defineProperties",
  "create",
  "getOwnPropertyDescriptor",
  "getOwnPropertyDescriptors",
  "getOwnPropertyNames",
  "getOwnPropertySymbols",
  "preventExtensions",
  "seal",
]);

export interface Danger {
  rule: string;
  message: (name: string) => string;
}

const INSTEAD = "modules reach the outside only through the `ctx` their handlers receive";

const DANGERS: [string[], Danger][] = [
  [
    ["eval"],
    {
      rule: "eval",
      message: () =>
        "`eval` runs code built from strings and is never available to modules; write the code itself.",
    },
  ],
  [
    ["Function", "AsyncFunction", "GeneratorFunction", "AsyncGeneratorFunction"],
    {
      rule: "function-constructor",
      message: (name) =>
        `\`${name}\` builds functions from strings and is never available to modules; write a function or an arrow function instead.`,
    },
  ],
  [
    ["globalThis", "self", "window", "global", "frames", "parent", "top"],
    {
      rule: "global-object",
      message: (name) =>
        `\`${name}\` is the Worker's global object, shared with the core; ${INSTEAD} (ctx.http.fetch, ctx.db, ctx.config, ...).`,
    },
  ],
  [
    ["process", "env", "Deno", "Bun"],
    {
      rule: "process-env",
      message: (name) =>
        `\`${name}\` would hold the Worker's settings and secrets, which modules never see; declare options in \`config\` and read them with ctx.config.get.`,
    },
  ],
  [
    [
      "fetch",
      "WebSocket",
      "WebSocketPair",
      "XMLHttpRequest",
      "EventSource",
      "connect",
      "navigator",
    ],
    {
      rule: "network",
      message: (name) =>
        `raw network access (\`${name}\`) is not allowed; use ctx.http.fetch with the host listed in \`network\`.`,
    },
  ],
  [
    ["Reflect", "Proxy"],
    {
      rule: "reflection",
      message: (name) =>
        `\`${name}\` reaches object internals the scan cannot check; use ordinary property access and plain objects.`,
    },
  ],
];

export const DANGEROUS_GLOBALS: ReadonlyMap<string, Danger> = new Map(
  DANGERS.flatMap(([names, danger]) => names.map((name): [string, Danger] => [name, danger])),
);

/** Extra advice for some refused globals that are not in a dangerous family of their own. */
export const GLOBAL_ADVICE: ReadonlyMap<string, string> = new Map([
  ["require", 'modules import only from "mxuserbot"'],
  ["module", 'modules import only from "mxuserbot"'],
  ["exports", "export with `export default defineModule({...})`"],
  ["importScripts", 'modules import only from "mxuserbot"'],
  ["caches", "the Worker's cache is the core's; keep data with ctx.db"],
  ["WebAssembly", "compiled code cannot be checked; write the module in TypeScript"],
  ["Request", "make requests with ctx.http.fetch(url, init)"],
  ["arguments", "`arguments` exists only inside a function; use rest parameters (`...args`)"],
]);
