import { isObject, parseJson } from "./http.js";
import type { Tenant } from "./tenant.js";
import type { Json, JsonObject, MatrixEvent, SyncResponse } from "./types.js";

// Synapse's default timeline limit for an initial sync without a filter.
const DEFAULT_INITIAL_LIMIT = 10;

export function parseSince(since: string | undefined, tenant: Tenant): number | "invalid" {
  if (since === undefined) return 0;
  const match = /^s(\d+)$/.exec(since);
  const position = match ? Number(match[1]) : Number.NaN;
  if (!Number.isSafeInteger(position) || position > tenant.position) return "invalid";
  return position;
}

/** The timeline limit from a filter given by id or inline JSON; undefined when none is set. */
export function timelineLimit(filter: string | undefined, tenant: Tenant): number | undefined {
  if (filter === undefined) return undefined;
  const parsed: Json | undefined = filter.startsWith("{")
    ? parseJson(filter)
    : tenant.filters.get(filter)?.filter;
  if (!isObject(parsed) || !isObject(parsed.room) || !isObject(parsed.room.timeline)) return;
  const limit = parsed.room.timeline.limit;
  return typeof limit === "number" && limit >= 0 ? limit : undefined;
}

/**
 * Everything after `since`. An initial sync (`initial`) is history: only the last `limit` events
 * per room, flagged `limited`. An incremental sync returns every new event.
 */
export function buildSync(
  tenant: Tenant,
  since: number,
  initial: boolean,
  limit: number | undefined,
): SyncResponse {
  const byRoom = new Map<string, { event: MatrixEvent; position: number }[]>();
  const response: SyncResponse = { next_batch: `s${tenant.position}`, rooms: { join: {} } };
  for (let position = since + 1; position <= tenant.position; position++) {
    const entry = tenant.stream[position - 1];
    if (entry?.kind === "patch") merge(response, entry.patch);
    if (entry?.kind !== "event") continue;
    const list = byRoom.get(entry.event.room_id) ?? [];
    list.push({ event: entry.event, position });
    byRoom.set(entry.event.room_id, list);
  }
  const max = initial ? (limit ?? DEFAULT_INITIAL_LIMIT) : Number.POSITIVE_INFINITY;
  for (const [roomId, all] of byRoom) {
    const kept = all.slice(Math.max(0, all.length - max));
    const first = kept[0]?.position ?? tenant.position + 1;
    response.rooms.join[roomId] = {
      timeline: {
        events: kept.map((k) => k.event),
        limited: kept.length < all.length,
        prev_batch: `s${first - 1}`,
      },
    };
  }
  return response;
}

/** Deep-merges a queued patch into a response: objects merge, arrays concatenate. */
function merge(target: Record<string, unknown>, patch: JsonObject): void {
  for (const [key, value] of Object.entries(patch)) {
    const current = target[key];
    if (Array.isArray(current) && Array.isArray(value)) {
      target[key] = [...current, ...structuredClone(value)];
    } else if (isRecord(current) && isObject(value)) {
      merge(current, value);
    } else {
      target[key] = structuredClone(value);
    }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
