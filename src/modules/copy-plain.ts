/**
 * Copies what a module exported into data the core owns, once. Only own data properties of
 * plain objects and arrays are read, through their descriptors, so no getter, proxy trick or
 * later mutation of the module's objects can change what the core believes afterwards.
 */

/** A regular expression taken apart into its text; the core builds its own RegExp from it. */
export class RegexpValue {
  constructor(
    readonly source: string,
    readonly flags: string,
  ) {
    Object.freeze(this);
  }
}

/** A module's function: never read, only called through the core's boundary. */
export type ModuleFunction = (...args: never[]) => unknown;

export type PlainValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | ModuleFunction
  | RegexpValue
  | readonly PlainValue[]
  | { readonly [key: string]: PlainValue };

export class NotPlainError extends Error {
  override readonly name = "NotPlainError";
}

const LIMITS = { depth: 12, nodes: 5_000, stringLength: 65_536 };

// Taken when the core loads, before any module code runs.
const { getPrototypeOf, getOwnPropertyDescriptors, freeze } = Object;
const { isArray } = Array;
const OBJECT_PROTO = Object.prototype;
const ARRAY_PROTO = Array.prototype;
const REGEXP_PROTO = RegExp.prototype;
const regexpSource = Object.getOwnPropertyDescriptor(REGEXP_PROTO, "source")?.get;
const regexpFlags = Object.getOwnPropertyDescriptor(REGEXP_PROTO, "flags")?.get;
const ownKeys = Reflect.ownKeys;
const apply = Reflect.apply;

/** Deep-copies `value` into frozen plain data, refusing accessors and non-plain objects. */
export function copyPlain(value: unknown, path = "the default export"): PlainValue {
  let nodes = 0;
  const seen = new Set<object>();
  const visit = (v: unknown, at: string, depth: number): PlainValue => {
    if (++nodes > LIMITS.nodes)
      throw new NotPlainError(`it holds more than ${LIMITS.nodes} values`);
    if (depth > LIMITS.depth) throw new NotPlainError(`${at} is nested too deeply`);
    switch (typeof v) {
      case "string":
        if (v.length > LIMITS.stringLength) throw new NotPlainError(`${at} is too long`);
        return v;
      case "number":
      case "boolean":
      case "undefined":
        return v;
      case "function":
        return v as ModuleFunction;
      case "object":
        break;
      default:
        throw new NotPlainError(`${at} is a ${typeof v}, which a module declaration cannot hold`);
    }
    if (v === null) return null;
    if (seen.has(v)) throw new NotPlainError(`${at} refers back to itself`);
    seen.add(v);
    const proto = getPrototypeOf(v);
    if (proto === REGEXP_PROTO) return copyRegexp(v, at);
    const array = isArray(v);
    if (array ? proto !== ARRAY_PROTO : proto !== OBJECT_PROTO && proto !== null)
      throw new NotPlainError(`${at} is not a plain object or array`);
    const descriptors = getOwnPropertyDescriptors(v) as Record<string | symbol, PropertyDescriptor>;
    const keys = ownKeys(descriptors);
    const out: Record<string, PlainValue> = Object.create(null);
    const list: PlainValue[] = [];
    for (const key of keys) {
      if (typeof key === "symbol") throw new NotPlainError(`${at} has a symbol key`);
      const d = descriptors[key] as PropertyDescriptor;
      if (array && key === "length") continue;
      if (array && !isIndex(key))
        throw new NotPlainError(`${at} is a list with a "${key}" of its own`);
      const where = array ? `${at}[${key}]` : `${at}.${key}`;
      if (!("value" in d)) throw new NotPlainError(`${where} is a getter or setter`);
      const copied = visit(d.value, where, depth + 1);
      if (array) list[Number(key)] = copied;
      else out[key] = copied;
    }
    seen.delete(v);
    return freeze(array ? list : out);
  };
  return visit(value, path, 0);
}

function isIndex(key: string): boolean {
  const n = Number(key);
  return Number.isInteger(n) && n >= 0 && String(n) === key;
}

function copyRegexp(v: object, at: string): RegexpValue {
  const own = ownKeys(v);
  if (own.length !== 1 || own[0] !== "lastIndex" || !regexpSource || !regexpFlags)
    throw new NotPlainError(`${at} is a RegExp with properties of its own`);
  return new RegexpValue(String(apply(regexpSource, v, [])), String(apply(regexpFlags, v, [])));
}
