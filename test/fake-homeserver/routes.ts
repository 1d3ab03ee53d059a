import { isObject, matrixError, ok, type Reply, ReplyError, sleep } from "./http.js";
import { buildSync, parseSince, timelineLimit } from "./sync.js";
import type { Tenant } from "./tenant.js";
import type { Json, JsonObject, MatrixEvent } from "./types.js";

export interface RouteContext {
  tenant: Tenant;
  /** Decoded path after the tenant's baseUrl; the idempotency key of sends and redactions. */
  path: string;
  query: Record<string, string>;
  rawBody: string;
  body: Json | undefined;
  actingUser: string;
  /** Aborts when the client goes away or the server closes. */
  signal: AbortSignal;
}

type Handler = (ctx: RouteContext, params: string[]) => Reply | Promise<Reply>;

export interface Route {
  method: string;
  pattern: string[];
  auth: boolean;
  handler: Handler;
}

const MAX_SYNC_TIMEOUT_MS = 30_000;
const V3 = "/_matrix/client/v3";

const route = (method: string, path: string, handler: Handler, auth = true): Route => ({
  method,
  pattern: path.split("/").slice(1),
  auth,
  handler,
});

/** Matches `segments` against the routes; "wrong-method" when only the path is known. */
export function matchRoute(
  method: string,
  segments: string[],
): { route: Route; params: string[] } | "wrong-method" | undefined {
  let pathKnown = false;
  for (const r of ROUTES) {
    if (r.pattern.length !== segments.length) continue;
    const params: string[] = [];
    const fits = r.pattern.every((part, i) => {
      const segment = segments[i] ?? "";
      if (part.startsWith(":")) params.push(segment);
      return part.startsWith(":") || part === segment;
    });
    if (!fits) continue;
    if (r.method === method) return { route: r, params };
    pathKnown = true;
  }
  return pathKnown ? "wrong-method" : undefined;
}

/** The JSON object body; throws the error a real server gives for a missing or malformed one. */
function objectBody(ctx: RouteContext, optional = false): JsonObject {
  if (optional && ctx.rawBody.trim() === "") return {};
  if (ctx.body === undefined) throw new ReplyError(400, "M_NOT_JSON", "Content not JSON.");
  if (!isObject(ctx.body)) {
    throw new ReplyError(400, "M_BAD_JSON", "Content must be a JSON object.");
  }
  return ctx.body;
}

function sendEvent(
  ctx: RouteContext,
  fields: { roomId: string; type: string; txnId: string; content: JsonObject; redacts?: string },
): Reply {
  const txnKey = `${ctx.actingUser}\n${ctx.path}`;
  const existing = ctx.tenant.txnEventId(txnKey);
  if (existing) return ok({ event_id: existing });
  const event: MatrixEvent = {
    event_id: ctx.tenant.newEventId(),
    room_id: fields.roomId,
    type: fields.type,
    sender: ctx.actingUser,
    origin_server_ts: Date.now(),
    content: fields.content,
    unsigned: { transaction_id: fields.txnId },
  };
  if (fields.redacts) event.redacts = fields.redacts;
  ctx.tenant.storeSent(txnKey, fields.txnId, event);
  return ok({ event_id: event.event_id });
}

const notFound = (what: string) => matrixError(404, "M_NOT_FOUND", `${what} not found`);

async function sync(ctx: RouteContext): Promise<Reply> {
  const { tenant, query } = ctx;
  const since = parseSince(query.since, tenant);
  if (since === "invalid") return matrixError(400, "M_INVALID_PARAM", "Invalid since token");
  const initial = query.since === undefined;
  const timeout = Math.min(Math.max(Number(query.timeout) || 0, 0), MAX_SYNC_TIMEOUT_MS);
  const deadline = Date.now() + timeout;
  while (!initial && tenant.position === since && !ctx.signal.aborted && Date.now() < deadline) {
    const round = new AbortController();
    const signal = AbortSignal.any([ctx.signal, round.signal]);
    await Promise.race([tenant.nextAppend(signal), sleep(deadline - Date.now(), signal)]);
    round.abort();
  }
  return ok(
    buildSync(tenant, since, initial, timelineLimit(query.filter, tenant)) as unknown as Json,
  );
}

const ROUTES: Route[] = [
  route(
    "GET",
    "/_matrix/client/versions",
    () => ok({ versions: ["v1.1", "v1.5", "v1.11"], unstable_features: {} }),
    false,
  ),
  route("GET", `${V3}/account/whoami`, (ctx) =>
    ok({ user_id: ctx.actingUser, device_id: "FAKEDEVICE", is_guest: false }),
  ),
  route(
    "PUT",
    `${V3}/rooms/:roomId/send/:eventType/:txnId`,
    (ctx, [roomId = "", type = "", txnId = ""]) => {
      const content = objectBody(ctx);
      return sendEvent(ctx, { roomId, type, txnId, content });
    },
  ),
  route(
    "PUT",
    `${V3}/rooms/:roomId/redact/:eventId/:txnId`,
    (ctx, [roomId = "", eventId = "", txnId = ""]) => {
      const body = objectBody(ctx, true);
      const content: JsonObject = { redacts: eventId };
      if (typeof body.reason === "string") content.reason = body.reason;
      return sendEvent(ctx, { roomId, type: "m.room.redaction", txnId, content, redacts: eventId });
    },
  ),
  route("GET", `${V3}/rooms/:roomId/event/:eventId`, (ctx, [roomId, eventId = ""]) => {
    const event = ctx.tenant.getEvent(eventId);
    if (!event || event.room_id !== roomId) return notFound("Event");
    return ok(event as unknown as Json);
  }),
  route("GET", `${V3}/rooms/:roomId/joined_members`, (ctx, [roomId = ""]) =>
    ok({ joined: (ctx.tenant.members.get(roomId) ?? {}) as JsonObject }),
  ),
  route("GET", `${V3}/profile/:userId`, (ctx, [userId = ""]) => {
    const profile = ctx.tenant.profiles.get(userId);
    return profile ? ok({ ...profile }) : notFound("Profile");
  }),
  route("GET", `${V3}/profile/:userId/displayname`, (ctx, [userId = ""]) => {
    const displayname = ctx.tenant.profiles.get(userId)?.displayname;
    return displayname === undefined ? notFound("Profile") : ok({ displayname });
  }),
  route("GET", `${V3}/profile/:userId/avatar_url`, (ctx, [userId = ""]) => {
    const avatarUrl = ctx.tenant.profiles.get(userId)?.avatar_url;
    return avatarUrl === undefined ? notFound("Profile") : ok({ avatar_url: avatarUrl });
  }),
  route("POST", `${V3}/user/:userId/filter`, (ctx, [userId = ""]) => {
    if (userId !== ctx.actingUser) {
      return matrixError(403, "M_FORBIDDEN", "Cannot create filters for other users");
    }
    const filter = objectBody(ctx);
    const filterId = String(ctx.tenant.filters.size);
    ctx.tenant.filters.set(filterId, { userId, filter });
    return ok({ filter_id: filterId });
  }),
  route("GET", `${V3}/user/:userId/filter/:filterId`, (ctx, [userId, filterId = ""]) => {
    const stored = ctx.tenant.filters.get(filterId);
    return stored && stored.userId === userId ? ok(stored.filter) : notFound("Filter");
  }),
  route("GET", `${V3}/sync`, sync),
];
