import { editContent, messageContent, replyContent } from "../matrix/content";
import { isMessage, type RoomEvent } from "../matrix/events";
import type { Runtime } from "../runtime";
import type { BaseContext, EventContext, MessageInput, ModuleLog } from "../sdk/types";
import type { CoreSettings } from "../settings";
import { configValue } from "./config";
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
}

/** The parts of ctx that need no event: what a cron job gets. A facade, never the core itself. */
export function createBaseContext({
  rt,
  settings,
  module,
  txnIds,
  isSudo,
}: ContextDeps): BaseContext {
  const { matrix, config } = rt;
  const log = rt.log.child(module.name);
  const moduleLog: ModuleLog = Object.freeze({
    info: (m: string) => log.info(String(m)),
    warn: (m: string) => log.warn(String(m)),
    error: (m: string) => log.error(String(m)),
  });
  return Object.freeze({
    module: module.name,
    matrix: Object.freeze({
      sendMessage: async (roomId: string, content: MessageInput) =>
        matrix.sendEvent(roomId, "m.room.message", messageContent(content), await txnIds()),
      react: async (roomId: string, eventId: string, key: string) =>
        matrix.sendEvent(roomId, "m.reaction", reaction(eventId, key), await txnIds()),
      redact: async (roomId: string, eventId: string, reason?: string) =>
        matrix.redact(roomId, eventId, await txnIds(), reason),
      getEvent: async (roomId: string, eventId: string) =>
        deepFreeze(await matrix.getEvent(roomId, eventId)),
      getProfile: (userId: string) => matrix.getProfile(userId),
      getJoinedMembers: (roomId: string) => matrix.getJoinedMembers(roomId),
      whoami: async () => config.userId,
    }),
    db: createModuleDb(rt.db, module.name),
    config: Object.freeze({
      get: <T>(key: string) =>
        structuredClone(configValue(module.spec, settings, String(key))) as T | undefined,
    }),
    security: Object.freeze({
      isOwner: async (userId: string) => config.owners.has(userId),
      isSudo: async (userId: string) => config.owners.has(userId) || (await isSudo(userId)),
    }),
    log: moduleLog,
    http: createModuleHttp(module.name, module.spec.network),
  });
}

/** ctx for something that happened in a room: answers go back to that room. */
export function createEventContext(deps: ContextDeps, event: RoomEvent): EventContext {
  const base = createBaseContext(deps);
  const { rt, txnIds } = deps;
  const frozen = deepFreeze(structuredClone(event));
  const reply = async (content: MessageInput) =>
    rt.matrix.sendEvent(
      event.room_id,
      "m.room.message",
      replyContent(content, event.event_id, event.sender),
      await txnIds(),
    );
  const respond = async (content: MessageInput) => {
    if (event.sender !== rt.config.userId || !isMessage(event)) return reply(content);
    return rt.matrix.sendEvent(
      event.room_id,
      "m.room.message",
      editContent(content, event.event_id),
      await txnIds(),
    );
  };
  return {
    ...base,
    event: frozen,
    roomId: event.room_id,
    sender: event.sender,
    respond,
    reply,
    send: (content, roomId) => base.matrix.sendMessage(roomId ?? event.room_id, content),
    react: (key) => base.matrix.react(event.room_id, event.event_id, key),
  };
}

function reaction(eventId: string, key: string) {
  return { "m.relates_to": { rel_type: "m.annotation", event_id: eventId, key } };
}

export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
