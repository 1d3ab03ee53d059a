/** Matrix room events as the bot receives them, validated at the edge (push or sync). */

export interface Mentions {
  user_ids?: string[];
  room?: boolean;
}

export type RelatesTo =
  | { rel_type: "m.replace"; event_id: string }
  | { rel_type: "m.annotation"; event_id: string; key: string }
  | { rel_type?: string; event_id?: string; "m.in_reply_to"?: { event_id: string } };

export interface MessageContent {
  msgtype: string;
  body: string;
  format?: string;
  formatted_body?: string;
  "m.relates_to"?: RelatesTo;
  "m.mentions"?: Mentions;
  "m.new_content"?: { msgtype?: string; body?: string; format?: string; formatted_body?: string };
  [key: string]: unknown;
}

interface EventBase {
  event_id: string;
  room_id: string;
  sender: string;
  origin_server_ts: number;
  state_key?: string;
  unsigned?: { transaction_id?: string; age?: number; [key: string]: unknown };
}

export interface MessageEvent extends EventBase {
  type: "m.room.message";
  content: MessageContent;
}

export interface ReactionEvent extends EventBase {
  type: "m.reaction";
  content: { "m.relates_to": { rel_type: "m.annotation"; event_id: string; key: string } };
}

/** Any other room event; its content is not interpreted by the core. */
export interface OtherEvent extends EventBase {
  type: string;
  content: Record<string, unknown>;
}

export type RoomEvent = MessageEvent | ReactionEvent | OtherEvent;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Validates the fields every room event has; returns null for anything else. */
export function parseRoomEvent(raw: unknown): RoomEvent | null {
  if (!isRecord(raw)) return null;
  const { event_id, room_id, sender, type, content, origin_server_ts } = raw;
  if (typeof event_id !== "string" || typeof room_id !== "string") return null;
  if (typeof sender !== "string" || typeof type !== "string" || !isRecord(content)) return null;
  const event = {
    ...raw,
    origin_server_ts: typeof origin_server_ts === "number" ? origin_server_ts : 0,
  } as RoomEvent;
  if (
    type === "m.room.message" &&
    (typeof content.body !== "string" || typeof content.msgtype !== "string")
  ) {
    return { ...event, type: "m.room.message.invalid" } as OtherEvent;
  }
  return event;
}

export function isMessage(event: RoomEvent): event is MessageEvent {
  return event.type === "m.room.message";
}

export function isReaction(event: RoomEvent): event is ReactionEvent {
  if (event.type !== "m.reaction") return false;
  const rel = event.content["m.relates_to"];
  return isRecord(rel) && typeof rel.event_id === "string" && typeof rel.key === "string";
}

/** The event this message replaces, when it is an edit. */
export function replacedEventId(content: MessageContent): string | undefined {
  const rel = content["m.relates_to"];
  return rel?.rel_type === "m.replace" && typeof rel.event_id === "string"
    ? rel.event_id
    : undefined;
}

export function inReplyTo(content: MessageContent): string | undefined {
  const rel = content["m.relates_to"];
  if (!rel || !("m.in_reply_to" in rel)) return undefined;
  const id = rel["m.in_reply_to"]?.event_id;
  return typeof id === "string" ? id : undefined;
}

export { isRecord };
