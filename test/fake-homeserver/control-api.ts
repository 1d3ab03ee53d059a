import { randomBytes } from "node:crypto";
import { newDeviceId } from "./devices.js";
import { isObject, matrixError, ok, type Reply, ReplyError } from "./http.js";
import { setMediaConfig } from "./media.js";
import { Tenant } from "./tenant.js";
import type {
  DeviceInfo,
  FaultSpec,
  Json,
  JsonObject,
  MatrixEvent,
  Member,
  Profile,
} from "./types.js";

// The control API (unauthenticated, under /_fake):
//   POST /_fake/tenants                 TenantOptions → TenantInfo
//   GET  /_fake/t/{id}/requests         RecordedRequest[]
//   GET  /_fake/t/{id}/sent             SentEvent[]
//   GET  /_fake/t/{id}/filters          { created }
//   POST /_fake/t/{id}/faults           FaultSpec
//   POST /_fake/t/{id}/events           { roomId, events: SeedEvent[] } → { event_ids }
//   POST /_fake/t/{id}/profiles         { [userId]: Profile }
//   POST /_fake/t/{id}/members          { roomId, members: { [userId]: Member } }
//   POST /_fake/t/{id}/sync             a partial /sync response → { position }
//   POST /_fake/t/{id}/devices          DeviceOptions → DeviceInfo
//   GET  /_fake/t/{id}/devices          DeviceSummary[]
//   POST /_fake/t/{id}/media-config     { maxUploadBytes }

export interface ControlContext {
  tenants: Map<string, Tenant>;
  /** Origin of the server, e.g. http://127.0.0.1:PORT. */
  origin: string;
  method: string;
  /** Path segments after /_fake. */
  segments: string[];
  body: Json | undefined;
}

const bad = (message: string) => new ReplyError(400, "M_BAD_JSON", message);

function objectBody(ctx: ControlContext): JsonObject {
  if (ctx.body === undefined) throw new ReplyError(400, "M_NOT_JSON", "Content not JSON.");
  if (!isObject(ctx.body)) throw bad("Body must be a JSON object");
  return ctx.body;
}

const optional = (body: JsonObject, key: string, type: "string" | "number" | "boolean"): void => {
  if (body[key] !== undefined && typeof body[key] !== type) throw bad(`${key} must be a ${type}`);
};

function createTenant(ctx: ControlContext): Reply {
  const body = ctx.body === undefined ? {} : objectBody(ctx);
  optional(body, "token", "string");
  optional(body, "userId", "string");
  optional(body, "appservice", "boolean");
  optional(body, "deviceId", "string");
  const id = `${ctx.tenants.size + 1}-${randomBytes(4).toString("hex")}`;
  const tenant = new Tenant({
    id,
    baseUrl: `${ctx.origin}/t/${id}`,
    token: typeof body.token === "string" ? body.token : `fake_${randomBytes(12).toString("hex")}`,
    userId: typeof body.userId === "string" ? body.userId : "@owner:test.local",
    appservice: typeof body.appservice === "boolean" ? body.appservice : true,
    deviceId: typeof body.deviceId === "string" ? body.deviceId : "FAKEDEVICE",
  });
  ctx.tenants.set(id, tenant);
  return ok({ ...tenant.info });
}

function parseFault(body: JsonObject): FaultSpec {
  optional(body, "method", "string");
  optional(body, "pathIncludes", "string");
  for (const key of ["times", "status", "delayMs"]) optional(body, key, "number");
  optional(body, "drop", "boolean");
  const spec = body as FaultSpec;
  if (spec.status === undefined && spec.delayMs === undefined && !spec.drop) {
    throw bad("A fault needs status, delayMs or drop");
  }
  return spec;
}

function seedEvents(tenant: Tenant, body: JsonObject): Reply {
  const { roomId, events } = body;
  if (typeof roomId !== "string" || !Array.isArray(events)) throw bad("Need roomId and events");
  const ids: string[] = [];
  for (const raw of events) {
    if (!isObject(raw) || typeof raw.type !== "string" || typeof raw.sender !== "string") {
      throw bad("Each event needs type and sender");
    }
    if (!isObject(raw.content)) throw bad("Each event needs a content object");
    const eventId = typeof raw.event_id === "string" ? raw.event_id : tenant.newEventId();
    if (tenant.hasEvent(eventId)) throw bad(`Duplicate event_id ${eventId}`);
    const event: MatrixEvent = {
      event_id: eventId,
      room_id: roomId,
      type: raw.type,
      sender: raw.sender,
      origin_server_ts:
        typeof raw.origin_server_ts === "number" ? raw.origin_server_ts : Date.now(),
      content: raw.content,
      unsigned: {},
    };
    if (typeof raw.state_key === "string") event.state_key = raw.state_key;
    tenant.appendEvent(event);
    ids.push(eventId);
  }
  return ok({ event_ids: ids });
}

/** POST /_fake/t/{id}/devices: a device (new, or an existing one) and a new token for it. */
function createDevice(tenant: Tenant, body: JsonObject): Reply {
  for (const key of ["userId", "deviceId", "accessToken", "displayName"]) {
    optional(body, key, "string");
  }
  const userId = typeof body.userId === "string" ? body.userId : tenant.info.userId;
  if (!/^@[^:]+:.+$/.test(userId)) throw bad(`${userId} is not a user id`);
  const deviceId = typeof body.deviceId === "string" ? body.deviceId : newDeviceId();
  if (deviceId === "" || deviceId === "*") throw bad("deviceId must be a device id");
  const accessToken =
    typeof body.accessToken === "string"
      ? body.accessToken
      : `fake_dev_${randomBytes(12).toString("hex")}`;
  if (accessToken === tenant.info.token || tenant.devices.hasToken(accessToken)) {
    throw bad("accessToken is already in use");
  }
  const { device } = tenant.devices.ensure(userId, deviceId, accessToken);
  if (typeof body.displayName === "string") device.displayName = body.displayName;
  const info: DeviceInfo = { userId, deviceId, accessToken };
  return ok({ ...info });
}

function tenantRoute(tenant: Tenant, ctx: ControlContext, action: string): Reply | undefined {
  const key = `${ctx.method} ${action}`;
  switch (key) {
    case "GET requests":
      return ok(tenant.requests as unknown as Json);
    case "GET sent":
      return ok(tenant.sent as unknown as Json);
    case "GET filters":
      return ok({ created: tenant.filters.size });
    case "POST faults":
      tenant.addFault(parseFault(objectBody(ctx)));
      return ok({});
    case "POST events":
      return seedEvents(tenant, objectBody(ctx));
    case "POST profiles":
      for (const [userId, profile] of Object.entries(objectBody(ctx))) {
        if (!isObject(profile)) throw bad(`Profile of ${userId} must be an object`);
        tenant.profiles.set(userId, profile as Profile);
      }
      return ok({});
    case "POST members": {
      const { roomId, members } = objectBody(ctx);
      if (typeof roomId !== "string" || !isObject(members)) throw bad("Need roomId and members");
      tenant.members.set(roomId, members as Record<string, Member>);
      return ok({});
    }
    case "POST devices":
      return createDevice(tenant, ctx.body === undefined ? {} : objectBody(ctx));
    case "GET devices":
      return ok(tenant.devices.all().map((d) => d.summary()) as unknown as Json);
    case "POST media-config":
      return setMediaConfig(tenant, ctx.body);
    case "POST sync":
      tenant.queuePatch(objectBody(ctx));
      return ok({ position: tenant.position });
    default:
      return undefined;
  }
}

/** Serves the unauthenticated control API under /_fake. */
export function handleControlRequest(ctx: ControlContext): Reply {
  const [first, id, action, ...rest] = ctx.segments;
  try {
    if (first === "tenants" && id === undefined && ctx.method === "POST") return createTenant(ctx);
    const tenant = first === "t" && id !== undefined ? ctx.tenants.get(id) : undefined;
    if (first === "t" && !tenant) return matrixError(404, "M_NOT_FOUND", `No tenant ${id}`);
    const reply =
      tenant && action !== undefined && rest.length === 0
        ? tenantRoute(tenant, ctx, action)
        : undefined;
    return reply ?? matrixError(404, "M_UNRECOGNIZED", "Unknown control route");
  } catch (error) {
    if (error instanceof ReplyError) return error.reply;
    throw error;
  }
}
