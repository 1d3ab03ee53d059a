// Wire shapes of the fake homeserver's control API. Type-only, so that the workerd-side helper
// (test/helpers/homeserver.ts) can import them too.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface TenantOptions {
  token?: string;
  userId?: string;
  appservice?: boolean;
  /** Device of the tenant token (as its own user); default "FAKEDEVICE". */
  deviceId?: string;
}

export interface TenantInfo {
  id: string;
  baseUrl: string;
  token: string;
  userId: string;
  appservice: boolean;
  deviceId: string;
}

/** Body of POST /_fake/t/{id}/devices; every field is optional. */
export interface DeviceOptions {
  /** Default: the tenant's user. */
  userId?: string;
  /** Default: 10 random capital letters. An existing device gets one more access token. */
  deviceId?: string;
  /** Default: a random token. */
  accessToken?: string;
  displayName?: string;
}

/** A device and an access token that authenticates as it (Bearer or ?access_token=). */
export interface DeviceInfo {
  userId: string;
  deviceId: string;
  accessToken: string;
}

/** One entry of GET /_fake/t/{id}/devices: a device's server-side E2EE state. */
export interface DeviceSummary {
  userId: string;
  deviceId: string;
  displayName: string | null;
  /** The device_keys object as uploaded (with signatures merged in), or null. */
  deviceKeys: JsonObject | null;
  /** Unclaimed one-time keys per algorithm; always has signed_curve25519. */
  oneTimeKeyCounts: Record<string, number>;
  /** Algorithms whose fallback key has not been claimed yet. */
  unusedFallbackKeyTypes: string[];
  /** To-device events queued for the device and not yet acknowledged by a later /sync. */
  pendingToDevice: ToDeviceEvent[];
}

export interface ToDeviceEvent {
  type: string;
  sender: string;
  content: JsonObject;
}

export interface RecordedRequest {
  method: string;
  /** Path after the tenant's baseUrl, segments URL-decoded. */
  path: string;
  query: Record<string, string>;
  body: Json;
  /** Null when authentication failed or was not needed. */
  actingUser: string | null;
  /** Device the request acted as; null when it had none or authentication failed. */
  actingDevice: string | null;
  auth: "header" | "query" | null;
  /** Null while the request is still pending, or when a fault dropped the connection. */
  status: number | null;
  faulted: boolean;
  ts: number;
}

export interface SentEvent {
  event_id: string;
  room_id: string;
  type: string;
  sender: string;
  content: JsonObject;
  /** "" for state events (PUT /rooms/{roomId}/state/...), which have no transaction id. */
  txn_id: string;
  state_key?: string;
}

export interface FaultSpec {
  method?: string;
  pathIncludes?: string;
  times?: number;
  status?: number;
  body?: Json;
  delayMs?: number;
  drop?: boolean;
}

export interface SeedEvent {
  type: string;
  sender: string;
  content: JsonObject;
  state_key?: string;
  event_id?: string;
  origin_server_ts?: number;
}

export interface Profile {
  displayname?: string;
  avatar_url?: string;
}

export interface Member {
  display_name?: string | null;
  avatar_url?: string | null;
}

export interface MatrixEvent {
  event_id: string;
  room_id: string;
  type: string;
  sender: string;
  origin_server_ts: number;
  content: JsonObject;
  state_key?: string;
  redacts?: string;
  unsigned?: JsonObject;
}

export interface SyncResponse {
  next_batch: string;
  rooms: {
    join: Record<
      string,
      {
        /** Only when non-empty: state before the timeline's start that the timeline omits. */
        state?: { events: MatrixEvent[] };
        timeline: { events: MatrixEvent[]; limited: boolean; prev_batch: string };
      }
    >;
    [section: string]: unknown;
  };
  /** Only when non-empty. */
  to_device?: { events: ToDeviceEvent[] };
  /** Only in incremental syncs, and only when non-empty. */
  device_lists?: { changed: string[]; left: string[] };
  /** Only for a device that has called /keys/upload. */
  device_one_time_keys_count?: Record<string, number>;
  /** Only for a device that has called /keys/upload. */
  device_unused_fallback_key_types?: string[];
  [key: string]: unknown;
}
