import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { moduleData } from "../db/schema";
import type { ModuleDb } from "../sdk/types";

const MAX_KEY_LENGTH = 512;
const MAX_VALUE_BYTES = 128 * 1024;

/**
 * `ctx.db` for one module. The module's name is a column of its own, never part of the key,
 * so no key a module writes can name another module's rows.
 */
export function createModuleDb(db: Database, module: string): ModuleDb {
  const own = (key: string) =>
    and(eq(moduleData.module, module), eq(moduleData.key, checkKey(key)));
  return Object.freeze({
    async get<T>(key: string): Promise<T | undefined> {
      const row = await db
        .select({ value: moduleData.value })
        .from(moduleData)
        .where(own(key))
        .get();
      return row ? (JSON.parse(row.value) as T) : undefined;
    },
    async set(key: string, value: unknown): Promise<void> {
      const json = JSON.stringify(value);
      if (json === undefined)
        throw new TypeError("ctx.db.set: the value must be JSON (not undefined or a function)");
      if (new TextEncoder().encode(json).length > MAX_VALUE_BYTES) {
        throw new RangeError(`ctx.db.set: the value is over ${MAX_VALUE_BYTES} bytes`);
      }
      await db
        .insert(moduleData)
        .values({ module, key: checkKey(key), value: json })
        .onConflictDoUpdate({ target: [moduleData.module, moduleData.key], set: { value: json } });
    },
    async delete(key: string): Promise<boolean> {
      const rows = await db.delete(moduleData).where(own(key)).returning({ key: moduleData.key });
      return rows.length > 0;
    },
    async keys(prefix = ""): Promise<string[]> {
      if (typeof prefix !== "string")
        throw new TypeError("ctx.db.keys: the prefix must be a string");
      const rows = await db
        .select({ key: moduleData.key })
        .from(moduleData)
        .where(
          and(
            eq(moduleData.module, module),
            sql`substr(${moduleData.key}, 1, ${prefix.length}) = ${prefix}`,
          ),
        )
        .orderBy(moduleData.key);
      return rows.map((r) => r.key);
    },
  });
}

function checkKey(key: unknown): string {
  if (typeof key !== "string" || key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new TypeError(
      `ctx.db: a key must be a non-empty string of at most ${MAX_KEY_LENGTH} characters`,
    );
  }
  return key;
}
