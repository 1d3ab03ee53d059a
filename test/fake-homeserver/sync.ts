import type { Device } from "./devices.js";
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

/** A filter given by id or inline JSON; undefined when none is set or it is unknown. */
function resolveFilter(filter: string | undefined, tenant: Tenant): JsonObject | undefined {
  if (filter === undefined) return undefined;
  const parsed: Json | undefined = filter.startsWith("{")
    ? parseJson(filter)
    : tenant.filters.get(filter)?.filter;
  return isObject(parsed) ? parsed : undefined;
}

/** The timeline limit from a filter given by id or inline JSON; undefined when none is set. */
export function timelineLimit(filter: string | undefined, tenant: Tenant): number | undefined {
  const parsed = resolveFilter(filter, tenant);
  if (!isObject(parsed?.room) || !isObject(parsed.room.timeline)) return;
  const limit = parsed.room.timeline.limit;
  return typeof limit === "number" && limit >= 0 ? limit : undefined;
}

/** Whether the filter's room.state `types`/`not_types` (with `*` wildcards) let `type` through. */
function stateTypeAllowed(filter: JsonObject | undefined, type: string): boolean {
  const state = isObject(filter?.room) ? filter.room.state : undefined;
  if (!isObject(state)) return true;
  const matches = (patterns: Json | undefined) =>
    Array.isArray(patterns) && patterns.some((p) => typeof p === "string" && globMatch(p, type));
  if (matches(state.not_types)) return false;
  return state.types === undefined || matches(state.types);
}

function globMatch(pattern: string, value: string): boolean {
  const escaped = pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${escaped.join(".*")}$`).test(value);
}

export interface SyncViewer {
  userId: string;
  deviceId: string | null;
  /** The syncing device; undefined for a request without one (an appservice as another user). */
  device: Device | undefined;
}

export interface SyncOptions {
  since: number;
  /** No since token: history, limited per room, and no device_lists. */
  initial: boolean;
  /** The `filter` query parameter: a filter id or inline JSON. */
  filter: string | undefined;
  viewer: SyncViewer;
}

/**
 * Everything after `since`. An initial sync (`initial`) is history: only the last `limit` events
 * per room, flagged `limited`, with the state before the kept events in `state`. An incremental
 * sync returns every new event. Every user sees every room's timeline; membership only decides
 * device_lists. The E2EE sections follow Synapse: to_device and device_lists only when non-empty,
 * key counts for a device that has uploaded keys.
 */
export function buildSync(tenant: Tenant, opts: SyncOptions): SyncResponse {
  const { since, initial, viewer } = opts;
  const filter = resolveFilter(opts.filter, tenant);
  const limit = timelineLimit(opts.filter, tenant);
  const response: SyncResponse = { next_batch: `s${tenant.position}`, rooms: { join: {} } };
  addDeviceSections(response, viewer.device);
  const byRoom = new Map<string, { event: MatrixEvent; position: number }[]>();
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
    const room: SyncResponse["rooms"]["join"][string] = {
      timeline: {
        events: kept.map((k) => tenant.viewedBy(k.event, viewer.userId, viewer.deviceId)),
        limited: kept.length < all.length,
        prev_batch: `s${first - 1}`,
      },
    };
    const state = stateBetween(tenant, roomId, since, first).filter((e) =>
      stateTypeAllowed(filter, e.type),
    );
    if (state.length > 0) room.state = { events: state };
    response.rooms.join[roomId] = room;
  }
  if (!initial) {
    const lists = deviceListChanges(tenant, viewer.userId, since, tenant.position);
    if (lists.changed.length > 0 || lists.left.length > 0) {
      response.device_lists = merged(response.device_lists, lists);
    }
  }
  return response;
}

function merged(
  queued: SyncResponse["device_lists"],
  lists: { changed: string[]; left: string[] },
): { changed: string[]; left: string[] } {
  if (!queued) return lists;
  return {
    changed: [...new Set([...(queued.changed ?? []), ...lists.changed])],
    left: [...new Set([...(queued.left ?? []), ...lists.left])],
  };
}

function addDeviceSections(response: SyncResponse, device: Device | undefined): void {
  if (!device) return;
  if (device.inbox.length > 0) {
    response.to_device = { events: device.inbox.map((m) => structuredClone(m.event)) };
  }
  if (device.keysUploaded) {
    response.device_one_time_keys_count = device.oneTimeKeyCounts();
    response.device_unused_fallback_key_types = device.unusedFallbackKeyTypes();
  }
}

/** The room's state events in stream positions (from, until): the state the timeline skips. */
function stateBetween(tenant: Tenant, roomId: string, from: number, until: number): MatrixEvent[] {
  const state = new Map<string, MatrixEvent>();
  for (let position = from + 1; position < until; position++) {
    const entry = tenant.stream[position - 1];
    if (entry?.kind !== "event") continue;
    const { event } = entry;
    if (event.room_id !== roomId || event.state_key === undefined) continue;
    state.set(`${event.type}\u0000${event.state_key}`, event);
  }
  return [...state.values()];
}

/**
 * device_lists for `userId` over stream positions (from, to], as Synapse computes them: users
 * sharing a room with `userId` (or `userId` itself) whose keys changed, users who newly share a
 * room (a join), and in `left` users who share no room any more (a leave or ban). Membership is
 * the current one (m.room.member state and the members control route).
 */
export function deviceListChanges(
  tenant: Tenant,
  userId: string,
  from: number,
  to: number,
): { changed: string[]; left: string[] } {
  const changed = new Set<string>();
  const left = new Set<string>();
  let own = false;
  for (let position = from + 1; position <= to; position++) {
    const entry = tenant.stream[position - 1];
    if (entry?.kind === "device-list") {
      if (entry.userId === userId) own = true;
      else if (tenant.sharesRoom(userId, entry.userId)) changed.add(entry.userId);
      continue;
    }
    if (entry?.kind !== "event") continue;
    const { event } = entry;
    const target = event.state_key;
    if (event.type !== "m.room.member" || target === undefined) continue;
    const membership = event.content.membership;
    const roomId = event.room_id;
    if (membership === "join") {
      if (target === userId) {
        for (const other of Object.keys(tenant.joinedMembers(roomId))) changed.add(other);
      } else if (tenant.isJoined(roomId, userId)) {
        changed.add(target);
      }
    } else if (membership === "leave" || membership === "ban") {
      const others = target === userId ? Object.keys(tenant.joinedMembers(roomId)) : [target];
      const mayHaveLeft = target === userId || tenant.isJoined(roomId, userId);
      for (const other of others) {
        if (mayHaveLeft && !tenant.sharesRoom(userId, other)) left.add(other);
      }
    }
  }
  changed.delete(userId);
  left.delete(userId);
  for (const user of left) changed.delete(user);
  // The user's own key changes are reported too (a new device of theirs, say).
  if (own) changed.add(userId);
  return { changed: [...changed].sort(), left: [...left].sort() };
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
