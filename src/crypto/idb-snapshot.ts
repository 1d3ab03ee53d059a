import { fromBase64, toBase64 } from "../bytes";
import type { AtRest } from "./at-rest";
import type { IdbDatabase, IdbFactory, IdbObjectStore, IdbRequest } from "./idb-types";

/**
 * The crypto library keeps its store in IndexedDB, which Workers do not have. It gets an
 * in-memory IndexedDB (fake-indexeddb) instead, and this copies that database to the Durable
 * Object's SQLite storage and back: the schema once per database, and one sealed row per
 * record, of which only the changed ones are written after each operation.
 */
export interface SnapshotStorage {
  read(): { id: string; sealed: string }[];
  /** Applies the changes atomically: upserts, then deletes. */
  write(upserts: { id: string; sealed: string }[], deletes: string[]): void;
}

interface StoreSchema {
  name: string;
  keyPath: string | string[] | null;
  autoIncrement: boolean;
  indexes: { name: string; keyPath: string | string[]; unique: boolean; multiEntry: boolean }[];
}

interface DatabaseSchema {
  name: string;
  version: number;
  stores: StoreSchema[];
}

type Entry =
  | { kind: "schema"; schema: DatabaseSchema }
  | { kind: "record"; db: string; store: string; key: unknown; value: unknown };

export class IdbSnapshot {
  /** Row id → the plain text last written, to write only what changed. */
  readonly #written = new Map<string, string>();
  readonly #ids = new Map<string, string>();

  constructor(
    private readonly factory: IdbFactory,
    private readonly storage: SnapshotStorage,
    private readonly seal: AtRest,
  ) {}

  /** Loads the stored snapshot into the (empty) in-memory IndexedDB. */
  async restore(): Promise<number> {
    const entries: Entry[] = [];
    for (const row of this.storage.read()) {
      const plain = await this.seal.open(row.sealed);
      this.#written.set(row.id, plain);
      entries.push(decode(JSON.parse(plain)) as Entry);
    }
    const schemas = entries.filter((e) => e.kind === "schema");
    for (const { schema } of schemas) {
      const db = await open(this.factory, schema.name, schema.version, (created) => {
        for (const store of schema.stores) {
          const os = created.createObjectStore(store.name, {
            keyPath: store.keyPath,
            autoIncrement: store.autoIncrement,
          });
          for (const index of store.indexes)
            os.createIndex(index.name, index.keyPath, {
              unique: index.unique,
              multiEntry: index.multiEntry,
            });
        }
      });
      const records = entries.filter(
        (e): e is Extract<Entry, { kind: "record" }> => e.kind === "record" && e.db === schema.name,
      );
      const byStore = new Map<string, typeof records>();
      for (const r of records) byStore.set(r.store, [...(byStore.get(r.store) ?? []), r]);
      for (const [storeName, rows] of byStore) {
        if (!schema.stores.some((s) => s.name === storeName)) continue;
        const tx = db.transaction(storeName, "readwrite");
        const os = tx.objectStore(storeName);
        for (const r of rows) {
          if (os.keyPath === null) os.put(r.value, r.key as never);
          else os.put(r.value);
        }
        await done(tx);
      }
      db.close();
    }
    return entries.length;
  }

  /** Writes what changed in the in-memory IndexedDB since the last call. */
  async persist(): Promise<{ written: number; deleted: number }> {
    const current = new Map<string, string>();
    for (const info of await this.factory.databases()) {
      if (!info.name) continue;
      const db = await open(this.factory, info.name);
      const schema: DatabaseSchema = { name: db.name, version: db.version, stores: [] };
      for (const storeName of Array.from(db.objectStoreNames)) {
        const tx = db.transaction(storeName, "readonly");
        const os = tx.objectStore(storeName);
        schema.stores.push(describeStore(os));
        const [keys, values] = await Promise.all([
          request<unknown[]>(os.getAllKeys()),
          request<unknown[]>(os.getAll()),
        ]);
        for (const [i, key] of keys.entries()) {
          const entry: Entry = {
            kind: "record",
            db: db.name,
            store: storeName,
            key,
            value: values[i],
          };
          const name = JSON.stringify(encode([db.name, storeName, key]));
          current.set(await this.#id(name), JSON.stringify(encode(entry)));
        }
      }
      db.close();
      const entry: Entry = { kind: "schema", schema };
      current.set(await this.#id(`schema:${db.name}`), JSON.stringify(encode(entry)));
    }
    const upserts: { id: string; sealed: string }[] = [];
    for (const [id, plain] of current)
      if (this.#written.get(id) !== plain)
        upserts.push({ id, sealed: await this.seal.seal(plain) });
    const deletes = [...this.#written.keys()].filter((id) => !current.has(id));
    if (upserts.length > 0 || deletes.length > 0) this.storage.write(upserts, deletes);
    for (const { id } of upserts) this.#written.set(id, current.get(id) as string);
    for (const id of deletes) this.#written.delete(id);
    return { written: upserts.length, deleted: deletes.length };
  }

  async #id(name: string): Promise<string> {
    let id = this.#ids.get(name);
    if (!id) {
      id = await this.seal.rowId(name);
      this.#ids.set(name, id);
    }
    return id;
  }
}

function describeStore(os: IdbObjectStore): StoreSchema {
  return {
    name: os.name,
    keyPath: os.keyPath,
    autoIncrement: os.autoIncrement,
    indexes: Array.from(os.indexNames).map((name) => {
      const index = os.index(name);
      return {
        name,
        keyPath: index.keyPath,
        unique: index.unique,
        multiEntry: index.multiEntry,
      };
    }),
  };
}

function open(
  factory: IdbFactory,
  name: string,
  version?: number,
  upgrade?: (db: IdbDatabase) => void,
): Promise<IdbDatabase> {
  return new Promise((resolve, reject) => {
    const req = version === undefined ? factory.open(name) : factory.open(name, version);
    req.onupgradeneeded = () => upgrade?.(req.result);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function request<T>(req: IdbRequest): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result as T);
    req.onerror = () => reject(req.error);
  });
}

function done(tx: {
  oncomplete: (() => void) | null;
  onerror: (() => void) | null;
  error: unknown;
}) {
  return new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
}

/** JSON with the structured-clone types IndexedDB holds: bytes, dates, undefined. */
export function encode(value: unknown): unknown {
  if (value === undefined) return { $: "undefined" };
  if (value instanceof Uint8Array) return { $: "u8", b64: toBase64(value) };
  if (value instanceof ArrayBuffer) return { $: "ab", b64: toBase64(new Uint8Array(value)) };
  if (ArrayBuffer.isView(value))
    throw new TypeError(`cannot persist a ${value.constructor.name} in the crypto store`);
  if (value instanceof Date) return { $: "date", t: value.getTime() };
  if (Array.isArray(value)) return value.map(encode);
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = encode(v);
    return { $: "obj", v: out };
  }
  if (typeof value === "bigint") return { $: "big", v: value.toString() };
  return value;
}

export function decode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decode);
  if (typeof value !== "object" || value === null) return value;
  const tagged = value as { $: string; b64?: string; t?: number; v?: unknown };
  switch (tagged.$) {
    case "undefined":
      return undefined;
    case "u8":
      return fromBase64(tagged.b64 ?? "");
    case "ab":
      return fromBase64(tagged.b64 ?? "").buffer;
    case "date":
      return new Date(tagged.t ?? 0);
    case "big":
      return BigInt(String(tagged.v));
    case "obj": {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(tagged.v as Record<string, unknown>)) out[k] = decode(v);
      return out;
    }
    default:
      throw new TypeError(`unknown tag ${String(tagged.$)} in the crypto store snapshot`);
  }
}
