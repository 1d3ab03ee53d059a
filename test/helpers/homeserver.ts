import { inject } from "vitest";
import type {
  DeviceInfo,
  DeviceOptions,
  DeviceSummary,
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
  DeviceInfo,
  DeviceOptions,
  DeviceSummary,
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
  ToDeviceEvent,
} from "../fake-homeserver/types.js";

export const MEGOLM_ALGORITHM = "m.megolm.v1.aes-sha2";

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
  /**
   * A device of `userId` (default: the tenant's user) and an access token that acts as it.
   * Naming an existing device gives it one more token and keeps its keys.
   */
  createDevice(
    userId?: string,
    deviceId?: string,
    options?: Omit<DeviceOptions, "userId" | "deviceId">,
  ): Promise<DeviceInfo>;
  /** Every device with its server-side E2EE state (keys, counts, unacknowledged to-device). */
  devices(): Promise<DeviceSummary[]>;
  /**
   * Appends an m.room.member join event for each user (each its own sender): they become
   * members for /members, joined_members and device_lists, and the join shows in /sync.
   */
  join(roomId: string, userIds: string[]): Promise<string[]>;
  /** Appends an m.room.member leave event for the user. */
  leave(roomId: string, userId: string): Promise<string>;
  /**
   * Appends the m.room.encryption state event (megolm unless `content` says otherwise), sent by
   * `sender`; resolves to its event id.
   */
  encryptRoom(roomId: string, sender: string, content?: JsonObject): Promise<string>;
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
  const addEvents = async (roomId: string, events: SeedEvent[]) => {
    const { event_ids } = await control<{ event_ids: string[] }>(at("events"), { roomId, events });
    return event_ids;
  };
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
    addEvents,
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
    async createDevice(userId, deviceId, options = {}) {
      const body: DeviceOptions = { ...options };
      if (userId !== undefined) body.userId = userId;
      if (deviceId !== undefined) body.deviceId = deviceId;
      return control<DeviceInfo>(at("devices"), body);
    },
    async devices() {
      return control<DeviceSummary[]>(at("devices"));
    },
    async join(roomId, userIds) {
      return addEvents(
        roomId,
        userIds.map((userId) => membership(userId, "join")),
      );
    },
    async leave(roomId, userId) {
      const [eventId] = await addEvents(roomId, [membership(userId, "leave")]);
      return eventId as string;
    },
    async encryptRoom(roomId, sender, content = { algorithm: MEGOLM_ALGORITHM }) {
      const [eventId] = await addEvents(roomId, [
        { type: "m.room.encryption", sender, state_key: "", content },
      ]);
      return eventId as string;
    },
  };
}

const membership = (userId: string, value: string): SeedEvent => ({
  type: "m.room.member",
  sender: userId,
  state_key: userId,
  content: { membership: value },
});

export interface ClientCall {
  method?: string;
  body?: unknown;
  query?: Record<string, string>;
}

/**
 * Calls a tenant's client-server API with `accessToken` (a device's, or the tenant token).
 * `path` is under /_matrix/client/v3 unless it starts with /_matrix. Resolves to the status and
 * the parsed JSON body, for any status.
 */
export async function clientApi<T = unknown>(
  tenant: { baseUrl: string },
  accessToken: string,
  path: string,
  call: ClientCall = {},
): Promise<{ status: number; body: T }> {
  const prefix = path.startsWith("/_matrix/") ? "" : "/_matrix/client/v3";
  const url = new URL(`${tenant.baseUrl}${prefix}${path}`);
  for (const [key, value] of Object.entries(call.query ?? {})) url.searchParams.set(key, value);
  const response = await fetch(url, {
    method: call.method ?? (call.body === undefined ? "GET" : "POST"),
    headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/json" },
    body: call.body === undefined ? undefined : JSON.stringify(call.body),
  });
  return { status: response.status, body: (await response.json()) as T };
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
