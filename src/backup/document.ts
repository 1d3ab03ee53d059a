import { SIGNATURE, signerFrom, signingKeyStatements } from "./signature";
import { BACKUP_TABLES, type TableSpec } from "./tables";

export const BACKUP_FORMAT = "mxuserbot-backup";
export const BACKUP_VERSION = 1;

export type BackupRow = Record<string, unknown>;

/**
 * All of the bot's state as one JSON document. Tokens are not in D1, and the E2EE device's keys
 * live in a Durable Object, so neither is ever in a backup.
 */
export interface BackupDocument {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  /** ISO 8601. */
  createdAt: string;
  /** The bot account it was made of; a restore into another account is refused. */
  account: string;
  /** What the document does not hold, for whoever reads the file. */
  notes: string[];
  tables: Record<string, BackupRow[]>;
}

const NOTES = [
  "No tokens or secrets: they are Worker secrets, not state.",
  "No E2EE keys: the encryption device lives in a Durable Object and keeps its own keys.",
  "Module config and data are in here as the modules stored them; keep this file private.",
  "Not restored: pending tsec notices (so none is sent twice) and tsec grants that have expired.",
  "Installed modules are signed by this bot; one whose row was changed is not restored.",
];

const quote = (name: string) => `"${name}"`;

/**
 * The rows of every backed-up table, read in one D1 batch (one round trip). Rows of signed
 * tables carry this deployment's signature (see signature.ts).
 */
export async function buildBackup(
  d1: D1Database,
  account: string,
  now: number,
): Promise<BackupDocument> {
  const results = await d1.batch<Record<string, unknown>>([
    ...signingKeyStatements(d1),
    ...BACKUP_TABLES.map((t) => d1.prepare(selectSql(t))),
  ]);
  const signer = await signerFrom(results[1]?.results[0]);
  if (!signer) throw new Error("the backup signing key could not be read");
  const tables: Record<string, BackupRow[]> = {};
  for (const [i, table] of BACKUP_TABLES.entries()) {
    const rows = (results[i + 2]?.results ?? []).map((row) => toDocumentRow(table, row));
    if (table.signed) for (const row of rows) row[SIGNATURE] = await signer.sign(table, row);
    tables[table.name] = rows;
  }
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    createdAt: new Date(now).toISOString(),
    account,
    notes: NOTES,
    tables,
  };
}

function selectSql(table: TableSpec): string {
  const columns = table.columns.map((c) => quote(c.name)).join(", ");
  const where = table.keep ? ` WHERE NOT (${table.keep})` : "";
  const order = table.key.map(quote).join(", ");
  return `SELECT ${columns} FROM ${quote(table.name)}${where} ORDER BY ${order}`;
}

function toDocumentRow(table: TableSpec, row: Record<string, unknown>): BackupRow {
  const out: BackupRow = {};
  for (const column of table.columns) {
    const value = row[column.name] ?? null;
    out[column.name] = column.kind === "json" && typeof value === "string" ? parsed(value) : value;
  }
  return out;
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Not written by the bot (a hand edit): kept as the text it is.
    return text;
  }
}

/** How many rows each table holds. */
export function countRows(tables: Readonly<Record<string, readonly unknown[]>>) {
  return Object.fromEntries(BACKUP_TABLES.map((t) => [t.name, tables[t.name]?.length ?? 0]));
}

/** Row counts as "settings 2 · sudos 1 · …", in the document's order of tables. */
export function describeCounts(counts: Readonly<Record<string, number>>): string {
  return BACKUP_TABLES.filter((t) => counts[t.name] !== undefined)
    .map((t) => `${t.name} ${counts[t.name]}`)
    .join(" · ");
}
