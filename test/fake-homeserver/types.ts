// Wire shapes of the fake homeserver's control API. Type-only, so that the workerd-side helper
// (test/helpers/homeserver.ts) can import them too.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface TenantOptions {
  token?: string;
  userId?: string;
  appservice?: boolean;
}

export interface TenantInfo {
  id: string;
  baseUrl: string;
  token: string;
  userId: string;
  appservice: boolean;
}

export interface RecordedRequest {
  method: string;
  /** Path after the tenant's baseUrl, segments URL-decoded. */
  path: string;
  query: Record<string, string>;
  body: Json;
  /** Null when authentication failed or was not needed. */
  actingUser: string | null;
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
  txn_id: string;
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
      { timeline: { events: MatrixEvent[]; limited: boolean; prev_batch: string } }
    >;
    [section: string]: unknown;
  };
  [key: string]: unknown;
}
