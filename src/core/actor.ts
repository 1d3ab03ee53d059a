import { type Actor, changesMadeBy } from "../access/store";
import type { CommandContext } from "../sdk/types";
import type { CoreServices } from "./services";

export function actorOf(ctx: CommandContext, core: CoreServices): Actor {
  return { userId: ctx.sender, eventId: ctx.event.event_id, at: core.rt.now() };
}

/**
 * True when this very event already made the change: the transaction is being retried after
 * the change was saved but before its answer got out, so the answer must be the same again.
 */
export async function alreadyMadeBy(
  core: CoreServices,
  ctx: CommandContext,
  action: string,
  target: string,
) {
  const made = await changesMadeBy(core.rt.db, ctx.event.event_id);
  return made.some((c) => c.action === action && c.target === target);
}
