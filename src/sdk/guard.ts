import forbidden from "./forbidden-properties.json";

// One list with the scan (src/scan/names.ts), which refuses the keys it can see.
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(forbidden);

/**
 * Inserted by the deploy-time scan around every dynamic property key in module code
 * (`obj[key]` becomes `obj[__mxKey(key)]`), so a key built at run time cannot reach an
 * object's constructor or prototype. Returns the key as the primitive that was checked.
 */
export function __mxKey(key: unknown): string | number | symbol {
  if (typeof key === "symbol" || typeof key === "number") return key;
  const name = String(key);
  if (FORBIDDEN_KEYS.has(name))
    throw new TypeError(`module code may not use the property "${name}"`);
  return name;
}
