import { inject } from "vitest";
import type {
  FaultSpec,
  JsonObject,
  Member,
  Profile,
  RecordedRequest,
  SeedEvent,
  SentEvent,
  TenantInfo,
  TenantOptions,
} from "../fake-homeserver/types.js";

export type {
  FaultSpec,
  Json,
  JsonObject,
  MatrixEvent,
  Member,
  Profile,
  RecordedRequest,
  SeedEvent,
  SentEvent,
  SyncResponse,
  TenantOptions,
} from "../fake-homeserver/types.js";

export interface RequestFilter {
  method?: string;
  pathIncludes?: string;
}

export interface SentFilter {
  roomId?: string;
  type?: string;
  sender?: string;
}

export interface FakeTenant extends TenantInfo {
  /** Every client-server request so far, oldest first. */
  requests(filter?: RequestFilter): Promise<RecordedRequest[]>;
  /** Events stored through send/redact, one per transaction. */
  sent(filter?: SentFilter): Promise<SentEvent[]>;
  /** Queues a fault for the next `spec.times` (default 1) matching requests. */
  fault(spec: FaultSpec): Promise<void>;
  /** Appends events from other users to a room's timeline; resolves to their event ids. */
  addEvents(roomId: string, events: SeedEvent[]): Promise<string[]>;
  setProfile(userId: string, profile: Profile): Promise<void>;
  setMembers(roomId: string, members: Record<string, Member>): Promise<void>;
  /**
   * Merges `patch` (a partial /sync response, e.g. `{ rooms: { invite: {...} } }`) into the next
   * sync that passes its position; resolves to that position.
   */
  queueSync(patch: JsonObject): Promise<number>;
  /** How many filters were created with POST /user/{userId}/filter. */
  filtersCreated(): Promise<number>;
}

async function control<T>(path: string, body?: unknown): Promise<T> {
  const init: RequestInit =
    body === undefined ? {} : { method: "POST", body: JSON.stringify(body) };
  const response = await fetch(`${inject("hsUrl")}/_fake/${path}`, init);
  const text = await response.text();
  if (!response.ok) throw new Error(`fake homeserver ${path}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

/** A fresh, isolated homeserver tenant; use its `baseUrl` as the worker's HOMESERVER_URL. */
export async function createTenant(opts: TenantOptions = {}): Promise<FakeTenant> {
  const info = await control<TenantInfo>("tenants", opts);
  const at = (action: string) => `t/${encodeURIComponent(info.id)}/${action}`;
  return {
    ...info,
    async requests(filter = {}) {
      const all = await control<RecordedRequest[]>(at("requests"));
      return all.filter(
        (r) =>
          (filter.method === undefined || r.method === filter.method.toUpperCase()) &&
          (filter.pathIncludes === undefined || r.path.includes(filter.pathIncludes)),
      );
    },
    async sent(filter = {}) {
      const all = await control<SentEvent[]>(at("sent"));
      return all.filter(
        (e) =>
          (filter.roomId === undefined || e.room_id === filter.roomId) &&
          (filter.type === undefined || e.type === filter.type) &&
          (filter.sender === undefined || e.sender === filter.sender),
      );
    },
    async fault(spec) {
      await control(at("faults"), spec);
    },
    async addEvents(roomId, events) {
      const { event_ids } = await control<{ event_ids: string[] }>(at("events"), {
        roomId,
        events,
      });
      return event_ids;
    },
    async setProfile(userId, profile) {
      await control(at("profiles"), { [userId]: profile });
    },
    async setMembers(roomId, members) {
      await control(at("members"), { roomId, members });
    },
    async queueSync(patch) {
      return (await control<{ position: number }>(at("sync"), patch)).position;
    },
    async filtersCreated() {
      return (await control<{ created: number }>(at("filters"))).created;
    },
  };
}

/** A 429 fault with the Matrix rate-limit body (and Retry-After header). */
export function rateLimited(
  retryAfterMs: number,
  spec: Omit<FaultSpec, "status" | "body"> = {},
): FaultSpec {
  return {
    ...spec,
    status: 429,
    body: { errcode: "M_LIMIT_EXCEEDED", error: "Too many requests", retry_after_ms: retryAfterMs },
  };
}
