import { ClientPrefix, MatrixHttpApi, Method } from "matrix-js-sdk/lib/http-api/index.js";
import type { IHttpOpts, IRequestOpts } from "matrix-js-sdk/lib/http-api/interface.js";
import type { Profile } from "../sdk/types";
import { parseRoomEvent, type RoomEvent } from "./events";
import { type RetryPolicy, withRetries } from "./retry";

export interface MatrixClientOptions {
  baseUrl: string;
  accessToken: string;
  userId: string;
  /** Appservice masquerading: act as `userId` through the `user_id` query parameter. */
  masquerade: boolean;
  retry: RetryPolicy;
  timeoutMs?: number;
  /**
   * E2EE: the encrypted content for a message to an encrypted room, or null when the room is
   * not encrypted. Without it, everything is sent in the clear.
   */
  encrypt?: (
    roomId: string,
    type: string,
    content: Record<string, unknown>,
  ) => Promise<Record<string, unknown> | null>;
}

type Query = Record<string, string>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  timeoutMs?: number;
  prefix?: string;
  headers?: Record<string, string>;
  raw?: boolean;
}

/** The parts of the client-server API the bot uses, each call retried per the policy. */
export class MatrixClient {
  readonly userId: string;
  private readonly http: MatrixHttpApi<IHttpOpts & { onlyData: true }>;

  constructor(private readonly opts: MatrixClientOptions) {
    this.userId = opts.userId;
    const emitter = { emit: () => false } as unknown as ConstructorParameters<
      typeof MatrixHttpApi
    >[0];
    this.http = new MatrixHttpApi(emitter, {
      baseUrl: opts.baseUrl,
      prefix: ClientPrefix.V3,
      accessToken: opts.accessToken,
      useAuthorizationHeader: true,
      onlyData: true,
      extraParams: opts.masquerade ? { user_id: opts.userId } : undefined,
      localTimeoutMs: opts.timeoutMs ?? 20_000,
      fetchFn: (input, init) => fetch(input, init),
    });
  }

  /**
   * One authenticated call, retried per the policy. `prefix` replaces the client API's (media
   * lives elsewhere); `raw` answers with the body as a Blob instead of parsed JSON.
   */
  request<T>(method: Method, path: string, options: RequestOptions = {}) {
    const what = `${method} ${path.split("?")[0]}`;
    return withRetries(what, this.opts.retry, () =>
      this.http.authedRequest<T>(
        method,
        path,
        options.query,
        options.body as Record<string, unknown>,
        {
          localTimeoutMs: options.timeoutMs,
          prefix: options.prefix,
          headers: options.headers,
          rawResponseBody: options.raw,
        } as IRequestOpts,
      ),
    );
  }

  async sendEvent(roomId: string, type: string, content: object, txnId: string): Promise<string> {
    const room = roomPath(roomId);
    const sealed =
      type === "m.room.message" && this.opts.encrypt
        ? await this.opts.encrypt(roomId, type, content as Record<string, unknown>)
        : null;
    const sent = sealed ? { type: "m.room.encrypted", content: sealed } : { type, content };
    // The same txnId either way: a retry after encrypting again is still one event.
    const path = `/rooms/${room}/send/${enc(sent.type)}/${enc(txnId)}`;
    const res = await this.request<{ event_id: string }>(Method.Put, path, { body: sent.content });
    return res.event_id;
  }

  async redact(roomId: string, eventId: string, txnId: string, reason?: string): Promise<string> {
    const path = `/rooms/${roomPath(roomId)}/redact/${eventPath(eventId)}/${enc(txnId)}`;
    const res = await this.request<{ event_id: string }>(Method.Put, path, {
      body: reason ? { reason } : {},
    });
    return res.event_id;
  }

  async getEvent(roomId: string, eventId: string): Promise<RoomEvent> {
    const raw = await this.request<unknown>(
      Method.Get,
      `/rooms/${roomPath(roomId)}/event/${eventPath(eventId)}`,
    );
    const event = parseRoomEvent(raw);
    if (!event) throw new Error(`the homeserver returned a malformed event for ${eventId}`);
    return event;
  }

  getProfile(userId: string): Promise<Profile> {
    return this.request<Profile>(Method.Get, `/profile/${userPath(userId)}`);
  }

  async getJoinedMembers(roomId: string): Promise<Record<string, Profile>> {
    const res = await this.request<{
      joined?: Record<string, { display_name?: string; avatar_url?: string }>;
    }>(Method.Get, `/rooms/${roomPath(roomId)}/joined_members`);
    const members: Record<string, Profile> = {};
    for (const [id, m] of Object.entries(res.joined ?? {})) {
      members[id] = { displayname: m.display_name, avatar_url: m.avatar_url };
    }
    return members;
  }

  async whoami(): Promise<string> {
    const res = await this.request<{ user_id: string }>(Method.Get, "/account/whoami");
    return res.user_id;
  }
}

const enc = encodeURIComponent;

/** Thrown before a request when an ID is not shaped like a Matrix ID of its kind. */
export class InvalidIdError extends TypeError {
  override readonly name = "InvalidIdError";
}

// Sigil, then an opaque part without whitespace or control characters; at most 255 bytes.
const SHAPES = {
  room: /^![^\s\p{Cc}]+$/u,
  event: /^\$[^\s\p{Cc}]+$/u,
  user: /^@[^\s\p{Cc}:/]+:(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/u,
};

/** Validates an ID before it goes into a URL path, so `..` or `a/b` cannot move a request. */
function checked(kind: keyof typeof SHAPES, id: string): string {
  if (typeof id !== "string" || id.length > 255 || !SHAPES[kind].test(id))
    throw new InvalidIdError(`${JSON.stringify(String(id)).slice(0, 80)} is not a ${kind} ID`);
  return enc(id);
}
const roomPath = (id: string) => checked("room", id);
const eventPath = (id: string) => checked("event", id);
const userPath = (id: string) => checked("user", id);
