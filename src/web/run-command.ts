import type { AccessFacts } from "../access/check";
import { isSudo } from "../access/store";
import { splitArgs } from "../commands/parse";
import type { CoreServices } from "../core/services";
import type { MessageEvent } from "../matrix/events";
import { txnIdSequence } from "../matrix/txn-id";
import { createEventContext } from "../modules/context";
import { createLease } from "../modules/lease";
import { guarded } from "../pipeline/guarded";
import type { Runtime } from "../runtime";
import type { MessageInput } from "../sdk/types";
import { loadSettings } from "../settings";
import type { WebSession } from "./session";

const OWNER_FACTS: AccessFacts = {
  isOwner: true,
  isSudo: false,
  modPerms: new Set(),
  tsec: new Map(),
};

export interface CommandRun {
  /** What the command answered, as the chat would show it (the text of each answer). */
  answers: string[];
  /** The synthetic event it ran for (`web:<request id>`): its audit rows carry this id. */
  eventId: string;
}

/**
 * Runs a built-in command for the dashboard exactly as chat runs it — the same handler, error
 * boundary, checks and audit — as the session's owner, with `args` as typed after the command.
 * Answers are captured for the page instead of being sent to the room. `requestId` makes the
 * event id: a form submitted twice finds its change made and answers the same.
 */
export async function runCoreCommand(
  rt: Runtime,
  session: WebSession,
  name: string,
  args: string,
  requestId: string,
): Promise<CommandRun> {
  const settings = await loadSettings(rt.d1, rt.config);
  rt.journal.mask(settings.moduleConfig.values());
  const registry = await rt.ready(settings.modulesRev);
  const command = registry.command(name);
  if (!command?.module.trusted) throw new Error(`${name} is not a built-in command`);
  const event: MessageEvent = {
    type: "m.room.message",
    event_id: `web:${requestId}`,
    room_id: session.roomId,
    sender: session.userId,
    origin_server_ts: rt.now(),
    content: { msgtype: "m.text", body: `${settings.prefix}${command.name} ${args}`.trim() },
  };
  const answers: string[] = [];
  const capture = async (content: MessageInput) => {
    answers.push(typeof content === "string" ? content : content.body);
    return event.event_id;
  };
  const lease = createLease();
  const base = createEventContext(
    {
      rt,
      settings,
      module: command.module,
      txnIds: txnIdSequence(event.event_id),
      lease,
      isSudo: (userId) => isSudo(rt.d1, userId),
    },
    event,
    { command: command.name, args, argv: splitArgs(args) },
  );
  const ctx = Object.freeze({
    ...base,
    respond: capture,
    reply: capture,
    send: capture,
    react: async () => event.event_id,
  });
  const core: CoreServices = { rt, settings, facts: OWNER_FACTS, settingsChanged: () => {} };
  await guarded(rt, settings, { sender: session.userId, respond: capture }, command, lease, () =>
    command.run(ctx, core),
  );
  return { answers, eventId: event.event_id };
}
