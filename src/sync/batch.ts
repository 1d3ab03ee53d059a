import { isRecord, parseRoomEvent, type RoomEvent } from "../matrix/events";

export interface SyncResponse {
  next_batch: string;
  rooms?: { join?: Record<string, { timeline?: { events?: unknown[]; limited?: boolean } }> };
  /** E2EE: room keys and other to-device messages for this device. */
  to_device?: { events?: unknown[] };
  device_lists?: { changed?: string[]; left?: string[] };
  device_one_time_keys_count?: Record<string, number>;
  device_unused_fallback_key_types?: string[];
}

export function isSyncResponse(value: unknown): value is SyncResponse {
  return isRecord(value) && typeof value.next_batch === "string";
}

/**
 * The room events of a sync batch, in order, each with its room_id. In a room the bot has just
 * joined, the timeline starts with history from before the join; only what follows its own
 * join event is new.
 */
export function eventsOf(batch: SyncResponse, userId: string): RoomEvent[] {
  const out: RoomEvent[] = [];
  for (const [roomId, room] of Object.entries(batch.rooms?.join ?? {})) {
    const raw = room.timeline?.events ?? [];
    const events = raw
      .map((e) => parseRoomEvent(isRecord(e) ? { ...e, room_id: roomId } : e))
      .filter((e): e is RoomEvent => e !== null);
    const joinAt = findOwnJoin(events, userId);
    out.push(...(joinAt === -1 ? events : events.slice(joinAt + 1)));
  }
  return out;
}

function findOwnJoin(events: readonly RoomEvent[], userId: string): number {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i] as RoomEvent;
    if (e.type !== "m.room.member" || e.state_key !== userId || e.content.membership !== "join")
      continue;
    const before = (e.unsigned?.prev_content as { membership?: string } | undefined)?.membership;
    if (before !== "join") return i;
  }
  return -1;
}
