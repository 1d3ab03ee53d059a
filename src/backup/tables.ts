import { MXID } from "../config";
import { MODULE_NAME } from "../sdk/names";
import { SETTING_MODULES_REV } from "../settings";
import type { BackupRow } from "./document";
import { SETTING_SIGNING_KEY } from "./signature";

/**
 * How a column is written in the backup document: `text` and `integer` as they are in D1,
 * `json` as the JSON value its text holds (settings, module data), so the file reads well.
 */
export type ColumnKind = "text" | "integer" | "json";

export interface ColumnSpec {
  readonly name: string;
  readonly kind: ColumnKind;
  readonly nullable?: boolean;
  /** Longest text (or JSON text) accepted, in characters. */
  readonly max?: number;
  /** What is wrong with a value of the right kind, or null when it is fine. */
  readonly check?: (value: unknown) => string | null;
}

export interface TableSpec {
  readonly name: string;
  readonly columns: readonly ColumnSpec[];
  /** The primary key: no two rows may share it. */
  readonly key: readonly string[];
  /** Rows left out of the backup and kept by a restore (SQL condition on the live table). */
  readonly keep?: string;
  /**
   * Documented, but not written back: restoring an outbox would send its notices a second
   * time when they went out after the backup was made.
   */
  readonly informational?: boolean;
  /** Rows carry the bot's signature; a row without a valid one is not restored (signature.ts). */
  readonly signed?: boolean;
  /** Whether a row still means something when it is restored at `now`; others are left out. */
  readonly live?: (row: BackupRow, now: number) => boolean;
}

const pattern =
  (re: RegExp, what: string) =>
  (value: unknown): string | null =>
    typeof value === "string" && !re.test(value) ? `is not ${what}` : null;

const mxid = pattern(MXID, "a Matrix user ID (@user:server)");
const roomId = pattern(/^![^\s:]+:\S+$/, "a room ID (!room:server)");
const moduleName = pattern(MODULE_NAME, "a module name");
const sha256 = pattern(/^[0-9a-f]{64}$/, "a SHA-256 in hex");
const httpUrl = pattern(/^https?:\/\/\S+$/, "an http(s) URL");
const positive = (value: unknown) =>
  typeof value === "number" && value <= 0 ? "must be positive" : null;
const oneOf =
  (...allowed: string[]) =>
  (value: unknown) =>
    typeof value === "string" && !allowed.includes(value)
      ? `must be ${allowed.join(" or ")}`
      : null;
const listOf =
  (what: string) =>
  (value: unknown): string | null =>
    Array.isArray(value) ? null : `must be a list of ${what}`;
const KEPT_SETTINGS = [SETTING_MODULES_REV, SETTING_SIGNING_KEY];
const notKept = (value: unknown) =>
  typeof value === "string" && KEPT_SETTINGS.includes(value)
    ? "is this deployment's own, never restored"
    : null;

const text = (name: string, extra: Partial<ColumnSpec> = {}): ColumnSpec => ({
  name,
  kind: "text",
  max: 1_000,
  ...extra,
});
const integer = (name: string, extra: Partial<ColumnSpec> = {}): ColumnSpec => ({
  name,
  kind: "integer",
  ...extra,
});
const json = (name: string, max: number, extra: Partial<ColumnSpec> = {}): ColumnSpec => ({
  name,
  kind: "json",
  max,
  ...extra,
});

/** Every table the backup holds, in the order the document lists them. */
export const BACKUP_TABLES: readonly TableSpec[] = [
  {
    name: "settings",
    columns: [text("key", { max: 200, check: notKept }), json("value", 256 * 1024)],
    key: ["key"],
    keep: `key IN (${KEPT_SETTINGS.map((k) => `'${k}'`).join(", ")})`,
  },
  {
    name: "sudos",
    columns: [text("user_id", { check: mxid }), text("added_by"), integer("added_at")],
    key: ["user_id"],
  },
  {
    name: "mod_perms",
    columns: [
      text("user_id", { check: mxid }),
      text("target", { max: 255 }),
      text("kind", { check: oneOf("module", "command") }),
      text("granted_by"),
      integer("granted_at"),
    ],
    key: ["user_id", "target"],
  },
  {
    name: "tsec_grants",
    columns: [
      text("user_id", { check: mxid }),
      text("command", { max: 255 }),
      integer("expires_at"),
      text("room_id", { check: roomId }),
      text("granted_by"),
      integer("granted_at"),
    ],
    key: ["user_id", "command"],
    // An expired grant's notice was due after the backup was made, and may have gone out.
    live: (row, now) => Number(row.expires_at) > now,
  },
  {
    name: "tsec_notices",
    columns: [
      text("user_id", { check: mxid }),
      text("command", { max: 255 }),
      integer("expires_at"),
      text("room_id", { check: roomId }),
    ],
    key: ["user_id", "command", "expires_at"],
    informational: true,
  },
  {
    name: "module_data",
    columns: [
      text("module", { max: 100, check: moduleName }),
      text("key", { max: 512 }),
      json("value", 128 * 1024),
    ],
    key: ["module", "key"],
  },
  {
    name: "installed_modules",
    columns: [
      text("name", { max: 100, check: moduleName }),
      text("version", { max: 100, nullable: true }),
      text("url", { max: 2_000, check: httpUrl }),
      text("sha256", { check: sha256 }),
      text("code", { max: 2 * 1024 * 1024 }),
      json("network", 10_000, { check: listOf("host names") }),
      json("commands", 100_000, { check: listOf("commands") }),
      integer("installed_at"),
    ],
    key: ["name"],
    signed: true,
  },
  {
    name: "module_repos",
    columns: [text("url", { max: 2_000, check: httpUrl }), integer("added_at")],
    key: ["url"],
  },
  {
    name: "audit_log",
    columns: [
      integer("id", { check: positive }),
      integer("at"),
      text("actor", { max: 255 }),
      text("action", { max: 100 }),
      text("target", { max: 2_000, nullable: true }),
      text("detail", { max: 10_000, nullable: true }),
      text("event_id", { max: 255, nullable: true }),
    ],
    key: ["id"],
  },
];
