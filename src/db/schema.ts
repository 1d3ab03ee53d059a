import { index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

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
    /** claimed: in hand (until the lease runs out); failed: free to retry; done: never again. */
    status: text("status", { enum: ["claimed", "failed", "done"] }).notNull(),
    claimedAt: integer("claimed_at").notNull(),
    /** How many times handling was started; an event is given up after MAX_ATTEMPTS. */
    attempts: integer("attempts").notNull().default(1),
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

/** Users granted SUDO with `.sudo add`. */
export const sudos = sqliteTable("sudos", {
  userId: text("user_id").primaryKey(),
  addedBy: text("added_by").notNull(),
  addedAt: integer("added_at").notNull(),
});

/** `.modaccess` grants: one module or one command for one user. */
export const modPerms = sqliteTable(
  "mod_perms",
  {
    userId: text("user_id").notNull(),
    /** A module name or a command name, as the registry spells it. */
    target: text("target").notNull(),
    kind: text("kind", { enum: ["module", "command"] }).notNull(),
    grantedBy: text("granted_by").notNull(),
    grantedAt: integer("granted_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.target] })],
);

/** `.tsec` grants: one command for one user until `expiresAt` (ms). */
export const tsecGrants = sqliteTable(
  "tsec_grants",
  {
    userId: text("user_id").notNull(),
    command: text("command").notNull(),
    expiresAt: integer("expires_at").notNull(),
    roomId: text("room_id").notNull(),
    grantedBy: text("granted_by").notNull(),
    grantedAt: integer("granted_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.command] }),
    index("tsec_grants_expires_at").on(t.expiresAt),
  ],
);

/**
 * Expired grants whose "time is up" notice is not sent yet (an outbox). A grant moves here
 * atomically when it expires, and leaves only once its notice is at the homeserver.
 */
export const tsecNotices = sqliteTable(
  "tsec_notices",
  {
    userId: text("user_id").notNull(),
    command: text("command").notNull(),
    expiresAt: integer("expires_at").notNull(),
    roomId: text("room_id").notNull(),
    /** Set while one cron run sends it; a stale claim can be taken over. */
    claimedAt: integer("claimed_at"),
    claimToken: text("claim_token"),
  },
  (t) => [primaryKey({ columns: [t.userId, t.command, t.expiresAt] })],
);

/** Every change to access and settings: who, what, when, and the event that asked for it. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: integer("at").notNull(),
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    target: text("target"),
    detail: text("detail"),
    eventId: text("event_id"),
  },
  (t) => [index("audit_log_event_id").on(t.eventId), index("audit_log_at").on(t.at)],
);

/** Token buckets of the per-sender rate limit for non-owners. */
export const rateLimits = sqliteTable("rate_limits", {
  sender: text("sender").primaryKey(),
  tokens: real("tokens").notNull(),
  updatedAt: integer("updated_at").notNull(),
  /** Messages dropped in a row; the first drop is logged, the rest are not. */
  dropped: integer("dropped").notNull().default(0),
});

/** Sync mode: where the bot is in the account's event stream, and who is reading it now. */
export const syncState = sqliteTable("sync_state", {
  id: text("id").primaryKey(),
  /** `next_batch` of the last batch processed and recorded; advanced by compare-and-set. */
  nextBatch: text("next_batch"),
  filterId: text("filter_id"),
  /** Hash of the filter definition, so a new module event type gets a new filter. */
  filterHash: text("filter_hash"),
  /** The run that holds the lease reads the stream; others leave at once. */
  leaseToken: text("lease_token"),
  leaseUntil: integer("lease_until"),
  /** Set when the homeserver rejected the token: hash of that token, and why. */
  stoppedTokenHash: text("stopped_token_hash"),
  stoppedReason: text("stopped_reason"),
  updatedAt: integer("updated_at"),
});

/** Modules installed from chat (`.modules install`), run by the sandbox runner. */
export const installedModules = sqliteTable("installed_modules", {
  name: text("name").primaryKey(),
  version: text("version"),
  /** Where it came from: an https URL, or a repository entry's URL. */
  url: text("url").notNull(),
  /** SHA-256 of the fetched file, as the owner confirmed it. */
  sha256: text("sha256").notNull(),
  /** The scanned module as an ES module (types stripped, dynamic keys guarded). */
  code: text("code").notNull(),
  /** The hosts it declared (JSON list), shown by `.modules update` to compare. */
  network: text("network").notNull(),
  /** Its commands with their levels (JSON), shown by `.modules update` to compare. */
  commands: text("commands").notNull(),
  installedAt: integer("installed_at").notNull(),
});

/** Module repositories (`.modules repo add`): JSON indexes of installable modules. */
export const moduleRepos = sqliteTable("module_repos", {
  url: text("url").primaryKey(),
  addedAt: integer("added_at").notNull(),
});

/**
 * Recent log lines for `.logs` and the log room: a bounded ring (housekeeping keeps the newest).
 * Warnings and errors are saved at the end of the invocation that logged them; every audit entry
 * adds a line by itself (the `log_lines_audit` trigger in the migration), formatted when read.
 */
export const logLines = sqliteTable(
  "log_lines",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: integer("at").notNull(),
    level: text("level", { enum: ["info", "warn", "error"] }).notNull(),
    /** The line; null for an audit entry (`auditId`), which is formatted and masked when read. */
    text: text("text"),
    auditId: integer("audit_id"),
    /** When it was taken for the log room; null: not yet; 0: passed over (there was none). */
    postedAt: integer("posted_at"),
    /** Which invocation took it, so that one reads back exactly its own lines. */
    claim: text("claim"),
  },
  (t) => [index("log_lines_posted_at").on(t.postedAt), index("log_lines_text").on(t.text)],
);

/**
 * One-time dashboard login links from `.web`: the SHA-256 of the token (never the token), who
 * asked and in which room, until when. A login deletes the row, so a link works once.
 */
export const webLogins = sqliteTable("web_logins", {
  tokenHash: text("token_hash").primaryKey(),
  userId: text("user_id").notNull(),
  roomId: text("room_id").notNull(),
  expiresAt: integer("expires_at").notNull(),
});

/**
 * Dashboard sessions: the SHA-256 of the cookie's session id, the owner it acts for, and the
 * room of the `.web` that opened it (where a tsec granted from the dashboard says its time is up).
 */
export const webSessions = sqliteTable(
  "web_sessions",
  {
    idHash: text("id_hash").primaryKey(),
    userId: text("user_id").notNull(),
    roomId: text("room_id").notNull(),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [index("web_sessions_expires_at").on(t.expiresAt)],
);
