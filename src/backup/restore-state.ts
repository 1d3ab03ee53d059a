import { type Actor, audit } from "../access/store";
import { asStatement } from "../db/statement";
import { describeError } from "../log";
import { bumpModulesRev } from "../modules/installed";
import type { Runtime } from "../runtime";
import { type BackupDocument, type BackupRow, describeCounts } from "./document";
import { planRestore } from "./restore";
import { readSigningKey, signerFrom } from "./signature";
import { BACKUP_TABLES } from "./tables";
import { readBackup } from "./validate";

export type Restored =
  | { ok: true; summary: string }
  /** The document was refused, with what is wrong; nothing changed. */
  | { ok: false; problems: string[] }
  /** D1 refused the batch (a constraint, a limit); nothing changed. */
  | { ok: false; failed: string };

/**
 * Replaces the bot's state with a backup document's, for chat and dashboard alike: checks all of
 * it, then writes it, a new `modules_rev` (installed modules reload) and the audit row in one D1
 * batch, so it is all or nothing. `source` names what was restored (the file's event) in the audit.
 */
export async function restoreState(
  rt: Runtime,
  text: string,
  actor: Actor,
  source: string,
): Promise<Restored> {
  const read = readBackup(text, rt.config.userId);
  if (!read.ok) return read;
  const { doc, unsigned } = await withoutUnsigned(rt.d1, read.doc);
  const plan = planRestore(rt.d1, doc, rt.now());
  const notes = [...unsigned, ...plan.leftOut];
  const leftOut = notes.length > 0 ? ` Left out: ${notes.join(", ")}.` : "";
  const summary = `Restored the backup made ${doc.createdAt}: ${describeCounts(plan.restored)}.${leftOut} Modules reload with the next event.`;
  try {
    await rt.d1.batch([
      asStatement(rt.d1, bumpModulesRev(rt.d1, crypto.randomUUID())),
      ...plan.statements,
      asStatement(rt.d1, audit(rt.db, actor, "backup.restore", source, summary)),
    ]);
  } catch (error) {
    rt.log.error(`restore of ${source} failed: ${describeError(error)}`);
    return { ok: false, failed: describeError(error) };
  }
  return { ok: true, summary };
}

/**
 * The document without the rows of signed tables that this deployment did not sign (edited in
 * the file, or from another deployment), and what was taken out.
 */
async function withoutUnsigned(
  d1: D1Database,
  doc: BackupDocument,
): Promise<{ doc: BackupDocument; unsigned: string[] }> {
  const signer = await signerFrom(await readSigningKey(d1).first());
  const tables = { ...doc.tables };
  const unsigned: string[] = [];
  for (const table of BACKUP_TABLES) {
    if (!table.signed) continue;
    const rows = tables[table.name] ?? [];
    const kept: BackupRow[] = [];
    for (const row of rows) {
      if (signer && (await signer.verify(table, row))) kept.push(row);
      else unsigned.push(`${table.name} ${table.key.map((k) => String(row[k])).join(" / ")}`);
    }
    tables[table.name] = kept;
  }
  if (unsigned.length > 0)
    unsigned[unsigned.length - 1] +=
      " (not signed by this bot: changed in the file, or from another deployment; install it again)";
  return { doc: { ...doc, tables }, unsigned };
}
