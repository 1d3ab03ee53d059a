import { parseCommand, stripReplyFallback } from "../commands/parse";
import { editContent, messageContent, replyContent } from "../matrix/content";
import { isMessage, type RoomEvent } from "../matrix/events";
import type { Runtime } from "../runtime";
import type { BaseContext, EventContext, MessageInput, ModuleLog } from "../sdk/types";
import type { CoreSettings } from "../settings";
import { configValue } from "./config";
import { deepFreeze } from "./deep-freeze";
import { type Lease, leased, leasedAsync } from "./lease";
import { createModuleDb } from "./module-db";
import { createModuleHttp } from "./module-http";
import type { LoadedModule } from "./registry";

/** Hands out send txnIds in order for one cause (an event, a cron tick). */
export type TxnIds = () => Promise<string>;

export interface ContextDeps {
  rt: Runtime;
  settings: CoreSettings;
  module: LoadedModule;
  txnIds: TxnIds;
  isSudo(userId: string): Promise<boolean>;
  /** Ends every capability of this ctx when the core abandons the handler. */
  lease: Lease;
}

/** The parts of ctx that need no event: what a cron job gets. A facade, never the core itself. */
export function createBaseContext(deps: ContextDeps): BaseContext {
  const { rt, settings, module, txnIds, isSudo, lease } = deps;
  const { matrix, config } = rt;
  const { manifest } = module;
  const log = rt.log.child(module.name);
  const live = <A extends unknown[], R>(fn: (...args: A) => R) => leased(lease, fn);
  const liveAsync = <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    leasedAsync(lease, fn);
  const moduleLog: ModuleLog = Object.freeze({
    info: live((m: string) => log.info(String(m))),
    warn: live((m: string) => log.warn(String(m))),
    error: live((m: string) => log.error(String(m))),
  });
  const db = createModuleDb(rt.db, manifest.name);
  const http = createModuleHttp(manifest.name, manifest.network);
  return Object.freeze({
    module: manifest.name,
    matrix: Object.freeze({
      sendMessage: liveAsync(async (roomId: string, content: MessageInput) =>
        matrix.sendEvent(String(roomId), "m.room.message", messageContent(content), await txnIds()),
      ),
      react: liveAsync(async (roomId: string, eventId: string, key: string) =>
        matrix.sendEvent(String(roomId), "m.reaction", reaction(eventId, key), await txnIds()),
      ),
      redact: liveAsync(async (roomId: string, eventId: string, reason?: string) =>
        matrix.redact(String(roomId), String(eventId), await txnIds(), reason),
      ),
      getEvent: liveAsync(async (roomId: string, eventId: string) =>
        deepFreeze(withholdCommands(await matrix.getEvent(String(roomId), String(eventId)), deps)),
      ),
      getProfile: liveAsync((userId: string) => matrix.getProfile(String(userId))),
      getJoinedMembers: liveAsync((roomId: string) => matrix.getJoinedMembers(String(roomId))),
      whoami: liveAsync(async () => config.userId),
    }),
    db: Object.freeze({
      get: liveAsync(db.get),
      set: liveAsync(db.set),
      delete: liveAsync(db.delete),
      keys: liveAsync(db.keys),
    }),
    config: Object.freeze({
      get: live(
        <T>(key: string) =>
          structuredClone(configValue(manifest, settings, String(key))) as T | undefined,
      ),
    }),
    security: Object.freeze({
      isOwner: liveAsync(async (userId: string) => config.owners.has(String(userId))),
      isSudo: live(
        async (userId: string) =>
          config.owners.has(String(userId)) || (await isSudo(String(userId))),
      ),
    }),
    log: moduleLog,
    http: Object.freeze({ fetch: liveAsync(http.fetch) }),
  }) as BaseContext;
}

/**
 * ctx for something that happened in a room: answers go back to that room. `extra` (the
 * command's arguments, a watcher's match) is copied in before the whole ctx is frozen, so
 * nothing a module does to its ctx changes what the core knows about the event.
 */
export function createEventContext<X extends object>(
  deps: ContextDeps,
  event: RoomEvent,
  extra: X,
): EventContext & X {
  const base = createBaseContext(deps);
  const frozen = deepFreeze(structuredClone(event));
  const answers = createAnswers(deps.rt, event, deps.txnIds);
  return Object.freeze({
    ...base,
    event: frozen,
    roomId: event.room_id,
    sender: event.sender,
    respond: leasedAsync(deps.lease, answers.respond),
    reply: leasedAsync(deps.lease, answers.reply),
    send: (content: MessageInput, roomId?: string) =>
      base.matrix.sendMessage(roomId ?? event.room_id, content),
    react: (key: string) => base.matrix.react(event.room_id, event.event_id, key),
    ...deepFreeze(structuredClone(extra)),
  });
}

/** Edit-or-reply for one event, from the core's own copy of it: the error boundary uses these. */
export function createAnswers(rt: Runtime, event: RoomEvent, txnIds: TxnIds) {
  const roomId = event.room_id;
  const eventId = event.event_id;
  const sender = event.sender;
  const editable = sender === rt.config.userId && isMessage(event);
  const reply = async (content: MessageInput) =>
    rt.matrix.sendEvent(
      roomId,
      "m.room.message",
      replyContent(content, eventId, sender),
      await txnIds(),
    );
  const respond = async (content: MessageInput) =>
    editable
      ? rt.matrix.sendEvent(roomId, "m.room.message", editContent(content, eventId), await txnIds())
      : reply(content);
  return { reply, respond, sender };
}

/**
 * A module may read any event in its rooms, but not the text of commands meant for the core or
 * for another module: `.cfg Dictionary apiKey …` stays the owner's.
 */
function withholdCommands(event: RoomEvent, deps: ContextDeps): RoomEvent {
  if (!isMessage(event)) return event;
  const { registry } = deps.rt;
  const foreign = (text: unknown) => {
    if (typeof text !== "string") return false;
    const parsed = parseCommand(text, deps.settings.prefix);
    const command = parsed && registry.command(parsed.name);
    return Boolean(command && command.module !== deps.module);
  };
  const newBody = (event.content["m.new_content"] as { body?: unknown } | undefined)?.body;
  if (!foreign(stripReplyFallback(event.content)) && !foreign(newBody)) return event;
  return {
    ...event,
    content: { msgtype: event.content.msgtype, body: "(a command, withheld from modules)" },
  };
}

function reaction(eventId: string, key: string) {
  return {
    "m.relates_to": { rel_type: "m.annotation", event_id: String(eventId), key: String(key) },
  };
}
