import { type Actor, audit } from "../access/store";
import { asStatement } from "../db/statement";
import { describeError } from "../log";
import { bumpModulesRev } from "../modules/installed";
import type { Runtime } from "../runtime";
import { describeCounts } from "./document";
import { planRestore } from "./restore";
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
  const { doc } = read;
  const plan = planRestore(rt.d1, doc, rt.now());
  const leftOut = plan.leftOut.length > 0 ? ` Left out: ${plan.leftOut.join(", ")}.` : "";
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
