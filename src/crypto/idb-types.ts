/** The few IndexedDB shapes the snapshot uses (Workers' types have no IndexedDB). */
export interface IdbRequest {
  result: unknown;
  error: unknown;
  onsuccess: (() => void) | null;
  onerror: (() => void) | null;
}

export interface IdbOpenRequest extends IdbRequest {
  result: IdbDatabase;
  onupgradeneeded: (() => void) | null;
}

export interface IdbIndex {
  keyPath: string | string[];
  unique: boolean;
  multiEntry: boolean;
}

export interface IdbObjectStore {
  name: string;
  keyPath: string | string[] | null;
  autoIncrement: boolean;
  indexNames: ArrayLike<string> & Iterable<string>;
  index(name: string): IdbIndex;
  createIndex(
    name: string,
    keyPath: string | string[],
    options: { unique: boolean; multiEntry: boolean },
  ): IdbIndex;
  put(value: unknown, key?: never): IdbRequest;
  getAll(): IdbRequest;
  getAllKeys(): IdbRequest;
}

export interface IdbTransaction {
  objectStore(name: string): IdbObjectStore;
  oncomplete: (() => void) | null;
  onerror: (() => void) | null;
  error: unknown;
}

export interface IdbDatabase {
  name: string;
  version: number;
  objectStoreNames: ArrayLike<string> & Iterable<string>;
  transaction(store: string, mode: "readonly" | "readwrite"): IdbTransaction;
  createObjectStore(
    name: string,
    options: { keyPath: string | string[] | null; autoIncrement: boolean },
  ): IdbObjectStore;
  close(): void;
}

export interface IdbFactory {
  open(name: string, version?: number): IdbOpenRequest;
  databases(): Promise<{ name?: string; version?: number }[]>;
}
