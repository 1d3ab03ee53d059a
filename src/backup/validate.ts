import { MXID } from "../config";
import { isRecord } from "../matrix/events";
import { BACKUP_FORMAT, BACKUP_VERSION, type BackupDocument, type BackupRow } from "./document";
import { SIGNATURE } from "./signature";
import { BACKUP_TABLES, type ColumnSpec, type TableSpec } from "./tables";

export type ReadBackup = { ok: true; doc: BackupDocument } | { ok: false; problems: string[] };

const TOP_LEVEL = new Set(["format", "version", "createdAt", "account", "notes", "tables"]);
/** Enough to say what is wrong without flooding the room. */
const MAX_PROBLEMS = 20;

/**
 * Reads a backup file and checks all of it: its format and version, that it is this bot
 * account's, and every row of every table (columns, types, sizes, IDs, duplicate keys).
 * Nothing is trusted until all of it has passed.
 */
export function readBackup(text: string, account: string): ReadBackup {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return fail(`it is not JSON (${error instanceof Error ? error.message : "parse error"})`);
  }
  if (!isRecord(raw)) return fail("it is not a JSON object");
  if (raw.format !== BACKUP_FORMAT)
    return fail(`its format is ${show(raw.format)}, not "${BACKUP_FORMAT}"`);
  if (raw.version !== BACKUP_VERSION)
    return fail(
      typeof raw.version === "number" && raw.version > BACKUP_VERSION
        ? `it is version ${raw.version}, made by a newer bot; this one reads version ${BACKUP_VERSION}`
        : `its version is ${show(raw.version)}; this bot reads version ${BACKUP_VERSION}`,
    );
  if (typeof raw.account !== "string" || !MXID.test(raw.account))
    return fail(`its account is ${show(raw.account)}, not a Matrix user ID`);
  if (raw.account !== account)
    return fail(`it is the backup of ${raw.account}, not of this bot account (${account})`);

  const problems = new Problems();
  for (const key of Object.keys(raw))
    if (!TOP_LEVEL.has(key)) problems.add(`unknown field ${show(key)}`);
  if (typeof raw.createdAt !== "string" || Number.isNaN(Date.parse(raw.createdAt)))
    problems.add(`createdAt is ${show(raw.createdAt)}, not a date`);
  if (
    raw.notes !== undefined &&
    !(Array.isArray(raw.notes) && raw.notes.every((n) => typeof n === "string"))
  )
    problems.add("notes must be a list of strings");
  if (!isRecord(raw.tables)) problems.add("tables must be an object of tables");
  else checkTables(raw.tables, problems);
  return problems.list.length > 0
    ? { ok: false, problems: problems.summary() }
    : { ok: true, doc: raw as unknown as BackupDocument };
}

function checkTables(tables: Record<string, unknown>, problems: Problems) {
  const known = new Set(BACKUP_TABLES.map((t) => t.name));
  for (const name of Object.keys(tables))
    if (!known.has(name)) problems.add(`unknown table ${show(name)}`);
  for (const table of BACKUP_TABLES) {
    const rows = tables[table.name];
    if (!Array.isArray(rows)) {
      problems.add(`table ${table.name} is ${rows === undefined ? "missing" : "not a list"}`);
      continue;
    }
    const keys = new Set<string>();
    for (const [i, row] of rows.entries()) {
      const where = `${table.name}[${i}]`;
      if (!isRecord(row)) {
        problems.add(`${where} is not an object`);
        continue;
      }
      if (!checkRow(table, row, where, problems)) continue;
      const key = JSON.stringify(table.key.map((k) => row[k]));
      if (keys.has(key)) problems.add(`${where} repeats the key ${describeKey(table, row)}`);
      keys.add(key);
    }
  }
}

/** True when the row is well-formed (so its key can be compared with the others'). */
function checkRow(table: TableSpec, row: BackupRow, where: string, problems: Problems): boolean {
  const before = problems.count;
  const columns = new Set(table.columns.map((c) => c.name));
  if (table.signed) columns.add(SIGNATURE);
  for (const name of Object.keys(row))
    if (!columns.has(name)) problems.add(`${where} has an unknown column ${show(name)}`);
  if (table.signed && row[SIGNATURE] !== undefined && typeof row[SIGNATURE] !== "string")
    problems.add(`${where}.${SIGNATURE} is not text`);
  for (const column of table.columns) {
    const wrong = checkValue(column, row[column.name]);
    if (wrong) problems.add(`${where}.${column.name} ${wrong}`);
  }
  return problems.count === before;
}

function checkValue(column: ColumnSpec, value: unknown): string | null {
  if (value === undefined) return column.nullable ? null : "is missing";
  if (value === null && column.kind !== "json") return column.nullable ? null : "may not be null";
  if (column.kind === "integer" && !Number.isSafeInteger(value))
    return `is ${show(value)}, not an integer`;
  if (column.kind === "text" && typeof value !== "string") return `is ${show(value)}, not text`;
  const length = column.kind === "json" ? JSON.stringify(value).length : String(value).length;
  if (column.max !== undefined && length > column.max)
    return `is too long (${length} characters, at most ${column.max})`;
  return column.check?.(value) ?? null;
}

const describeKey = (table: TableSpec, row: BackupRow) =>
  table.key.map((k) => String(row[k])).join(" / ");

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function fail(problem: string): ReadBackup {
  return { ok: false, problems: [problem] };
}

class Problems {
  readonly list: string[] = [];
  count = 0;
  add(problem: string) {
    this.count++;
    if (this.list.length < MAX_PROBLEMS) this.list.push(problem);
  }
  summary(): string[] {
    const more = this.count - this.list.length;
    return more > 0 ? [...this.list, `… and ${more} more`] : this.list;
  }
}
