import { isRecord, parseRoomEvent, type RoomEvent } from "../matrix/events";

export type TransactionBody =
  | { ok: true; events: RoomEvent[]; skipped: number }
  | { ok: false; error: string };

/** Validates a pushed transaction. Malformed events are skipped (and counted), not retried forever. */
export function parseTransaction(body: unknown): TransactionBody {
  if (!isRecord(body)) return { ok: false, error: "the transaction must be a JSON object" };
  const { events } = body;
  if (!Array.isArray(events))
    return { ok: false, error: "the transaction needs an `events` array" };
  const parsed: RoomEvent[] = [];
  for (const raw of events) {
    const event = parseRoomEvent(raw);
    if (event) parsed.push(event);
  }
  return { ok: true, events: parsed, skipped: events.length - parsed.length };
}
