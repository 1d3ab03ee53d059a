import { and, eq } from "drizzle-orm";
import { auditLog } from "../db/schema";
import type { CommandContext } from "../sdk/types";
import type { CoreServices } from "./services";

/**
 * The audit detail of the change this very event already made, or null. A command retried after
 * its change was saved answers from it, so the answer is the same and nothing is done twice.
 */
export async function detailMadeBy(
  core: CoreServices,
  ctx: CommandContext,
  action: string,
): Promise<string | null> {
  const { db } = core.rt;
  const row = await db
    .select({ detail: auditLog.detail })
    .from(auditLog)
    .where(and(eq(auditLog.eventId, ctx.event.event_id), eq(auditLog.action, action)))
    .get();
  return row ? (row.detail ?? "") : null;
}
