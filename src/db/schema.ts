import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Appservice transactions that were fully processed (the homeserver may resend them). */
export const transactions = sqliteTable("transactions", {
  txnId: text("txn_id").primaryKey(),
  completedAt: integer("completed_at").notNull(),
});

/**
 * Events the bot acted on. A row is `claimed` while one invocation processes the event and
 * `done` after; a claim older than the lease can be taken over, so a crash loses nothing.
 */
export const processedEvents = sqliteTable(
  "processed_events",
  {
    eventId: text("event_id").primaryKey(),
    status: text("status", { enum: ["claimed", "done"] }).notNull(),
    claimedAt: integer("claimed_at").notNull(),
  },
  (t) => [index("processed_events_claimed_at").on(t.claimedAt)],
);

/** Core settings changed at run time (`.prefix`, disabled modules); JSON values. */
export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});

/** Per-module key/value data behind `ctx.db`; a module only ever sees its own rows. */
export const moduleData = sqliteTable(
  "module_data",
  {
    module: text("module").notNull(),
    key: text("key").notNull(),
    value: text("value").notNull(),
  },
  (t) => [primaryKey({ columns: [t.module, t.key] })],
);
