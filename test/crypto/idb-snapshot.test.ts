import * as fakeIdb from "fake-indexeddb";
import { describe, expect, it } from "vitest";
import { atRest } from "../../src/crypto/at-rest";
import { IdbSnapshot, type SnapshotStorage } from "../../src/crypto/idb-snapshot";
import type { IdbDatabase, IdbFactory } from "../../src/crypto/idb-types";

function memoryStorage(): SnapshotStorage & { rows: Map<string, string> } {
  const rows = new Map<string, string>();
  return {
    rows,
    read: () => [...rows].map(([id, sealed]) => ({ id, sealed })),
    write(upserts, deletes) {
      for (const { id, sealed } of upserts) rows.set(id, sealed);
      for (const id of deletes) rows.delete(id);
    },
  };
}

const factory = () => new fakeIdb.IDBFactory() as unknown as IdbFactory;

function openDb(f: IdbFactory, version?: number, upgrade?: (db: IdbDatabase) => void) {
  return new Promise<IdbDatabase>((resolve, reject) => {
    const req = f.open("store::crypto", version);
    req.onupgradeneeded = () => upgrade?.(req.result);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function all(f: IdbFactory, store: string) {
  const db = await openDb(f);
  const os = db.transaction(store, "readonly").objectStore(store);
  const read = (req: { onsuccess: (() => void) | null; result: unknown }) =>
    new Promise<unknown>((resolve) => {
      req.onsuccess = () => resolve(req.result);
    });
  const out = { keys: await read(os.getAllKeys()), values: await read(os.getAll()) };
  db.close();
  return out;
}

async function put(f: IdbFactory, store: string, key: string, value: unknown) {
  const db = await openDb(f);
  const tx = db.transaction(store, "readwrite");
  tx.objectStore(store).put(value, key as never);
  await new Promise<void>((resolve) => {
    tx.oncomplete = () => resolve();
  });
  db.close();
}

describe("the crypto store snapshot", () => {
  it("restores every record, index and byte into a fresh IndexedDB, and writes only changes", async () => {
    const first = factory();
    const db = await openDb(first, 3, (created) => {
      created.createObjectStore("sessions", { keyPath: null, autoIncrement: false });
      const byRoom = created.createObjectStore("rooms", { keyPath: "id", autoIncrement: false });
      byRoom.createIndex("by_name", "name", { unique: false, multiEntry: false });
    });
    db.close();
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    await put(first, "sessions", "session-marker-one", {
      pickle: bytes,
      at: new Date(1_000),
      missing: undefined,
    });
    await put(first, "sessions", "session-marker-two", [1, "two", { three: true }]);
    const storage = memoryStorage();
    const seal = await atRest("secret");
    const snapshot = new IdbSnapshot(first, storage, seal);
    expect((await snapshot.persist()).written).toBe(3);
    expect(await snapshot.persist()).toEqual({ written: 0, deleted: 0 });
    expect(JSON.stringify([...storage.rows])).not.toContain("session-marker-one");

    const second = factory();
    const restored = new IdbSnapshot(second, storage, seal);
    expect(await restored.restore()).toBe(3);
    expect(await all(second, "sessions")).toEqual(await all(first, "sessions"));
    const copy = await openDb(second);
    expect(copy.version).toBe(3);
    expect(
      copy.transaction("rooms", "readonly").objectStore("rooms").index("by_name").keyPath,
    ).toBe("name");
    copy.close();
    // Only what changed is written again; a wrong key cannot open the rows.
    await put(second, "sessions", "session-marker-two", "changed");
    expect((await restored.persist()).written).toBe(1);
    await expect(
      new IdbSnapshot(factory(), storage, await atRest("another secret")).restore(),
    ).rejects.toThrow();
  });
});

describe("the in-memory IndexedDB in a Worker without nodejs_compat", () => {
  it("opens databases with neither setImmediate nor scheduler.postTask", async () => {
    const { installIndexedDb } = await import("../../src/crypto/indexeddb");
    const g = globalThis as { setImmediate?: unknown; scheduler?: { postTask?: unknown } };
    const saved = { setImmediate: g.setImmediate, postTask: g.scheduler?.postTask };
    g.setImmediate = undefined;
    g.scheduler ??= {};
    g.scheduler.postTask = undefined;
    try {
      const f = installIndexedDb();
      const db = await openDb(f, 1, (created) =>
        created.createObjectStore("s", { keyPath: null, autoIncrement: false }),
      );
      expect(db.version).toBe(1);
      db.close();
    } finally {
      g.setImmediate = saved.setImmediate;
      if (g.scheduler) g.scheduler.postTask = saved.postTask;
    }
  });
});
