import { toHex } from "../bytes";
import type { BackupRow } from "./document";
import type { TableSpec } from "./tables";

/** A row field of the document only: the HMAC of a row of a `signed` table. */
export const SIGNATURE = "signature";

const LABEL = "mxuserbot backup v1: a row this bot wrote\u0000";

export interface RowSigner {
  sign(table: TableSpec, row: BackupRow): Promise<string>;
  verify(table: TableSpec, row: BackupRow): Promise<boolean>;
}

/**
 * The settings row holding this deployment's signing key: random, made by the first backup,
 * never in a backup and never replaced by a restore (see `keep` in tables.ts).
 */
export const SETTING_SIGNING_KEY = "backup_signing_key";

/** Creates the signing key if there is none, then reads it: two statements for one batch. */
export function signingKeyStatements(d1: D1Database): [D1PreparedStatement, D1PreparedStatement] {
  return [
    d1
      .prepare(
        "INSERT INTO settings (key, value) VALUES (?1, json_quote(lower(hex(randomblob(32))))) ON CONFLICT DO NOTHING",
      )
      .bind(SETTING_SIGNING_KEY),
    readSigningKey(d1),
  ];
}

/** The signing key's row (`{ value }`, a JSON string), if there is one. */
export function readSigningKey(d1: D1Database): D1PreparedStatement {
  return d1.prepare("SELECT value FROM settings WHERE key = ?1").bind(SETTING_SIGNING_KEY);
}

/** The signer for the key row `readSigningKey` found; null when there is none. */
export async function signerFrom(row: unknown): Promise<RowSigner | null> {
  const value = (row as { value?: unknown } | null)?.value;
  if (typeof value !== "string") return null;
  return rowSigner(JSON.parse(value) as string);
}

/**
 * Signs rows with an HMAC keyed by this deployment's own key, so a restore can tell rows this
 * bot wrote from rows edited into the file: installed modules' code was scanned when it was
 * installed, and code that was not must not come in through a backup.
 */
export async function rowSigner(secret: string): Promise<RowSigner> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign", "verify"],
  );
  const message = (table: TableSpec, row: BackupRow) =>
    new TextEncoder().encode(
      LABEL + JSON.stringify([table.name, ...table.columns.map((c) => row[c.name] ?? null)]),
    );
  return {
    async sign(table, row) {
      const mac = await crypto.subtle.sign("HMAC", key, message(table, row));
      return toHex(new Uint8Array(mac));
    },
    async verify(table, row) {
      const hex = row[SIGNATURE];
      if (typeof hex !== "string" || !/^[0-9a-f]{64}$/.test(hex)) return false;
      const mac = Uint8Array.from(hex.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
      return crypto.subtle.verify("HMAC", key, mac, message(table, row));
    },
  };
}
