import type { BackupDocument, BackupRow } from "./document";
import { BACKUP_TABLES, type TableSpec } from "./tables";

/** Under D1's limit on one bound value (2 MB), whatever the characters' UTF-8 length. */
const CHUNK_CHARS = 400_000;

export interface RestorePlan {
  /** Run them in one D1 batch, with whatever else must happen with them: all or nothing. */
  readonly statements: D1PreparedStatement[];
  /** The rows written back, by table. */
  readonly restored: Record<string, number>;
  /** Rows of the document that are not written back, and why. */
  readonly leftOut: string[];
}

const quote = (name: string) => `"${name}"`;

/**
 * The statements that replace each table's rows with the document's (a validated one, see
 * readBackup). Rows go in as JSON arrays through `json_each`: one statement per table and chunk,
 * rather than one per row, so even a long audit log is a handful of statements.
 */
export function planRestore(d1: D1Database, doc: BackupDocument, now: number): RestorePlan {
  const statements: D1PreparedStatement[] = [];
  const restored: Record<string, number> = {};
  const leftOut: string[] = [];
  for (const table of BACKUP_TABLES) {
    const rows = doc.tables[table.name] ?? [];
    if (table.informational) {
      if (rows.length > 0) leftOut.push(`${table.name} ${rows.length} (kept as they are now)`);
      continue;
    }
    const live = table.live ? rows.filter((row) => table.live?.(row, now)) : rows;
    if (live.length < rows.length)
      leftOut.push(`${table.name} ${rows.length - live.length} (expired)`);
    const keep = table.keep ? ` WHERE NOT (${table.keep})` : "";
    statements.push(d1.prepare(`DELETE FROM ${quote(table.name)}${keep}`));
    for (const chunk of chunks(live.map((row) => toDatabaseRow(table, row))))
      statements.push(insertChunk(d1, table, chunk));
    restored[table.name] = live.length;
  }
  return { statements, restored, leftOut };
}

/** The row as D1 stores it, column by column: JSON columns hold JSON text. */
function toDatabaseRow(table: TableSpec, row: BackupRow): unknown[] {
  return table.columns.map((column) => {
    const value = row[column.name];
    // JSON columns are never null in D1: a JSON null is the text "null".
    return column.kind === "json" ? JSON.stringify(value ?? null) : (value ?? null);
  });
}

function* chunks(rows: unknown[][]): Generator<string> {
  let parts: string[] = [];
  let size = 0;
  for (const row of rows) {
    const text = JSON.stringify(row);
    if (parts.length > 0 && size + text.length > CHUNK_CHARS) {
      yield `[${parts.join(",")}]`;
      parts = [];
      size = 0;
    }
    parts.push(text);
    size += text.length + 1;
  }
  if (parts.length > 0) yield `[${parts.join(",")}]`;
}

function insertChunk(d1: D1Database, table: TableSpec, rows: string): D1PreparedStatement {
  const columns = table.columns.map((c) => quote(c.name)).join(", ");
  const values = table.columns.map((_, i) => `json_extract(value, '$[${i}]')`).join(", ");
  const head = `INSERT INTO ${quote(table.name)} (${columns}) SELECT ${values} FROM json_each(`;
  return d1.prepare(`${head}?)`).bind(rows);
}
