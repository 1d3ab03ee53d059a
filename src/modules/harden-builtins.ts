/**
 * Freezes the built-ins that module code may touch, before any module is evaluated (the
 * generated registry imports this first). The scan refuses writes to built-ins it can see;
 * this closes the ones it cannot, such as `Object.assign(sharedFunction, objectBuiltAtRunTime)`.
 * Constructors and prototype objects themselves stay unfrozen: freezing prototypes would break
 * ordinary code that assigns `toString` or `name` on its own objects, and runtimes and test
 * tools set statics such as `Error.stackTraceLimit`. Their function-valued members are frozen;
 * the namespace objects (JSON, Math, Intl) are frozen whole.
 */
const SHARED: readonly unknown[] = [
  Object,
  Array,
  JSON,
  Math,
  Number,
  String,
  Boolean,
  Date,
  Promise,
  Map,
  Set,
  WeakMap,
  WeakSet,
  Symbol,
  RegExp,
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  URIError,
  EvalError,
  AggregateError,
  URL,
  URLSearchParams,
  TextEncoder,
  TextDecoder,
  Intl,
  BigInt,
  ArrayBuffer,
  DataView,
  Uint8Array,
  Int8Array,
  Uint16Array,
  Int16Array,
  Uint32Array,
  Int32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
  Uint8ClampedArray,
  Headers,
  Response,
  AbortController,
  AbortSignal,
  Function,
  structuredClone,
  setTimeout,
  clearTimeout,
  setInterval,
  clearInterval,
  queueMicrotask,
  encodeURIComponent,
  decodeURIComponent,
  encodeURI,
  decodeURI,
  parseInt,
  parseFloat,
  // biome-ignore lint/suspicious/noGlobalIsNan: the global function is what gets frozen
  isNaN,
  // biome-ignore lint/suspicious/noGlobalIsFinite: likewise
  isFinite,
  atob,
  btoa,
];

function freezeMembers(target: object): void {
  for (const key of Reflect.ownKeys(target)) {
    // `prototype.constructor` leads back to the constructor, which stays unfrozen (see above).
    if (key === "constructor") continue;
    const d = Object.getOwnPropertyDescriptor(target, key);
    for (const fn of [d?.value, d?.get, d?.set]) if (typeof fn === "function") Object.freeze(fn);
  }
}

for (const value of SHARED) {
  if ((typeof value !== "object" && typeof value !== "function") || value === null) continue;
  freezeMembers(value);
  const proto = (value as { prototype?: unknown }).prototype;
  // Function.prototype is itself a function.
  if ((typeof proto === "object" || typeof proto === "function") && proto !== null)
    freezeMembers(proto);
}
for (const namespace of [JSON, Math, Intl]) Object.freeze(namespace);

export const builtinsHardened = true;
