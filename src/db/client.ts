import { drizzle } from "drizzle-orm/d1";

export type Database = ReturnType<typeof createDatabase>;

/**
 * Without the relational `schema` option: the bot uses the query builder only, and drizzle
 * would otherwise rebuild its relational config for every new instance.
 */
export function createDatabase(d1: D1Database) {
  return drizzle(d1);
}
