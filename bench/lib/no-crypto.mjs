// Stands in for the crypto library's wasm, its bindings and fake-indexeddb when the bench builds
// the Worker without them (bench/lib/startup.mjs), to measure what they add to the start of an
// isolate. Nothing here is called: only the E2EE device would, and it is off in those runs. The
// names are those the device's code reads, so esbuild has no missing import to warn about.
export default undefined;
export const __wbg_set_wasm = undefined;
export const IDBCursor = undefined;
export const IDBCursorWithValue = undefined;
export const IDBDatabase = undefined;
export const IDBFactory = undefined;
export const IDBIndex = undefined;
export const IDBKeyRange = undefined;
export const IDBObjectStore = undefined;
export const IDBOpenDBRequest = undefined;
export const IDBRequest = undefined;
export const IDBTransaction = undefined;
export const IDBVersionChangeEvent = undefined;
