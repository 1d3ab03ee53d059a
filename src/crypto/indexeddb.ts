import * as fakeIdb from "fake-indexeddb";
import type { IdbFactory } from "./idb-types";

/** A fresh in-memory IndexedDB for this object, where the crypto library looks for one. */
export function installIndexedDb(): IdbFactory {
  ensureTaskQueue();
  countWrites();
  const factory = new fakeIdb.IDBFactory();
  Object.assign(globalThis, {
    indexedDB: factory,
    IDBCursor: fakeIdb.IDBCursor,
    IDBCursorWithValue: fakeIdb.IDBCursorWithValue,
    IDBDatabase: fakeIdb.IDBDatabase,
    IDBFactory: fakeIdb.IDBFactory,
    IDBIndex: fakeIdb.IDBIndex,
    IDBKeyRange: fakeIdb.IDBKeyRange,
    IDBObjectStore: fakeIdb.IDBObjectStore,
    IDBOpenDBRequest: fakeIdb.IDBOpenDBRequest,
    IDBRequest: fakeIdb.IDBRequest,
    IDBTransaction: fakeIdb.IDBTransaction,
    IDBVersionChangeEvent: fakeIdb.IDBVersionChangeEvent,
  });
  return factory as unknown as IdbFactory;
}

/**
 * fake-indexeddb queues each event as a task with `setImmediate`, or else with
 * `scheduler.postTask` whenever a `scheduler` global exists. A Worker without nodejs_compat has
 * no `setImmediate`, and its `scheduler` has only `wait`, so every open threw "scheduler.postTask
 * is not a function" (which the crypto library reports as "Version cannot be zero"). The tests
 * did not see it because vitest-pool-workers turns nodejs_compat on. This gives `scheduler` a
 * `postTask` that runs the task as a timer task.
 */
export function ensureTaskQueue(): void {
  const g = globalThis as { setImmediate?: unknown; scheduler?: { postTask?: unknown } };
  if (typeof g.setImmediate === "function" || !g.scheduler) return;
  if (typeof g.scheduler.postTask === "function") return;
  g.scheduler.postTask = (task: () => void) =>
    new Promise<void>((ran) =>
      setTimeout(() => {
        ran();
        task();
      }, 0),
    );
}

let writes = 0;
let counting = false;

/** How many read-write transactions were opened so far: the snapshot is written only after some. */
export const idbWrites = (): number => writes;

function countWrites(): void {
  if (counting) return;
  counting = true;
  const proto = (
    fakeIdb.IDBDatabase as unknown as {
      prototype: {
        transaction(this: unknown, stores: unknown, mode?: unknown, ...rest: unknown[]): unknown;
      };
    }
  ).prototype;
  const open = proto.transaction;
  proto.transaction = function (
    this: unknown,
    stores: unknown,
    mode?: unknown,
    ...rest: unknown[]
  ) {
    if (mode === "readwrite") writes++;
    return open.call(this, stores, mode, ...rest);
  };
}
