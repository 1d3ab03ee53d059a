import { isDeepStrictEqual } from "node:util";
import { E2EE_ROUTES } from "./e2ee-routes.js";
import { matrixError, ok, type Reply, sleep } from "./http.js";
import { MEDIA_ROUTES } from "./media.js";
import { notFound, objectBody, type Route, type RouteContext, route, V3 } from "./routing.js";
import { buildSync, parseSince } from "./sync.js";
import type { Json, JsonObject, MatrixEvent } from "./types.js";

const MAX_SYNC_TIMEOUT_MS = 30_000;

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

function sendEvent(
  ctx: RouteContext,
  fields: { roomId: string; type: string; txnId: string; content: JsonObject; redacts?: string },
): Reply {
  // Transaction ids are scoped to the device (Matrix v1.7).
  const txnKey = `${ctx.actingUser}\n${ctx.actingDevice ?? ""}\n${ctx.path}`;
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
  ctx.tenant.storeSent(event, { key: txnKey, id: fields.txnId, device: ctx.actingDevice });
  return ok({ event_id: event.event_id });
}

async function sync(ctx: RouteContext): Promise<Reply> {
  const { tenant, query } = ctx;
  const since = parseSince(query.since, tenant);
  if (since === "invalid") return matrixError(400, "M_INVALID_PARAM", "Invalid since token");
  const initial = query.since === undefined;
  const device =
    ctx.actingDevice === null ? undefined : tenant.devices.get(ctx.actingUser, ctx.actingDevice);
  // Like Synapse: a sync from `since` acknowledges the to-device events delivered up to it.
  if (!initial) device?.acknowledge(since);
  const timeout = Math.min(Math.max(Number(query.timeout) || 0, 0), MAX_SYNC_TIMEOUT_MS);
  const deadline = Date.now() + timeout;
  while (!initial && tenant.position === since && !ctx.signal.aborted && Date.now() < deadline) {
    const round = new AbortController();
    const signal = AbortSignal.any([ctx.signal, round.signal]);
    await Promise.race([tenant.nextAppend(signal), sleep(deadline - Date.now(), signal)]);
    round.abort();
  }
  const viewer = { userId: ctx.actingUser, deviceId: ctx.actingDevice, device };
  const response = buildSync(tenant, { since, initial, filter: query.filter, viewer });
  return ok(response as unknown as Json);
}

/** PUT /rooms/{roomId}/state/{type}/{stateKey}: like Synapse, unchanged state is not re-sent. */
function sendState(ctx: RouteContext, roomId: string, type: string, stateKey: string): Reply {
  const content = objectBody(ctx);
  const current = ctx.tenant.stateEvent(roomId, type, stateKey);
  if (current?.sender === ctx.actingUser && isDeepStrictEqual(current.content, content)) {
    return ok({ event_id: current.event_id });
  }
  const event: MatrixEvent = {
    event_id: ctx.tenant.newEventId(),
    room_id: roomId,
    type,
    sender: ctx.actingUser,
    origin_server_ts: Date.now(),
    content,
    state_key: stateKey,
    unsigned: {},
  };
  ctx.tenant.storeSent(event);
  return ok({ event_id: event.event_id });
}

/** GET /rooms/{roomId}/state/{type}/{stateKey}: the content, or the event with ?format=event. */
function getState(ctx: RouteContext, roomId: string, type: string, stateKey: string): Reply {
  const event = ctx.tenant.stateEvent(roomId, type, stateKey);
  if (!event) return matrixError(404, "M_NOT_FOUND", "Event not found.");
  return ok((ctx.query.format === "event" ? event : event.content) as unknown as Json);
}

/** GET /rooms/{roomId}/members, with the membership and not_membership filters. */
function members(ctx: RouteContext, roomId: string): Reply {
  const { membership, not_membership: notMembership } = ctx.query;
  const chunk = ctx.tenant
    .memberEvents(roomId)
    .filter(
      (e) =>
        (membership === undefined || e.content.membership === membership) &&
        (notMembership === undefined || e.content.membership !== notMembership),
    );
  return ok({ chunk: chunk as unknown as Json });
}

const ROUTES: Route[] = [
  route(
    "GET",
    "/_matrix/client/versions",
    () => ok({ versions: ["v1.1", "v1.5", "v1.11"], unstable_features: {} }),
    false,
  ),
  route("GET", `${V3}/account/whoami`, (ctx) => {
    const body: JsonObject = { user_id: ctx.actingUser };
    if (ctx.actingDevice !== null) body.device_id = ctx.actingDevice;
    body.is_guest = false;
    return ok(body);
  }),
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
    return ok(ctx.tenant.viewedBy(event, ctx.actingUser, ctx.actingDevice) as unknown as Json);
  }),
  route("GET", `${V3}/rooms/:roomId/joined_members`, (ctx, [roomId = ""]) =>
    ok({ joined: ctx.tenant.joinedMembers(roomId) as JsonObject }),
  ),
  route("GET", `${V3}/rooms/:roomId/members`, (ctx, [roomId = ""]) => members(ctx, roomId)),
  route("GET", `${V3}/rooms/:roomId/state`, (ctx, [roomId = ""]) =>
    ok(ctx.tenant.roomStateEvents(roomId) as unknown as Json),
  ),
  route("GET", `${V3}/rooms/:roomId/state/:type`, (ctx, [roomId = "", type = ""]) =>
    getState(ctx, roomId, type, ""),
  ),
  route(
    "GET",
    `${V3}/rooms/:roomId/state/:type/:stateKey`,
    (ctx, [roomId = "", type = "", stateKey = ""]) => getState(ctx, roomId, type, stateKey),
  ),
  route("PUT", `${V3}/rooms/:roomId/state/:type`, (ctx, [roomId = "", type = ""]) =>
    sendState(ctx, roomId, type, ""),
  ),
  route(
    "PUT",
    `${V3}/rooms/:roomId/state/:type/:stateKey`,
    (ctx, [roomId = "", type = "", stateKey = ""]) => sendState(ctx, roomId, type, stateKey),
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
  ...E2EE_ROUTES,
  ...MEDIA_ROUTES,
];
