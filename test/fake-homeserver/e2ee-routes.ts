// End-to-end encryption endpoints of the client-server API (Matrix v1.11, "End-to-end
// encryption" and "Send-to-Device messaging"), with Synapse's behaviour where the spec leaves room.
import { isDeepStrictEqual } from "node:util";
import { algorithmOf, type Device } from "./devices.js";
import { isObject, matrixError, ok, type Reply, ReplyError } from "./http.js";
import {
  badJson,
  notFound,
  objectBody,
  type Route,
  type RouteContext,
  route,
  V3,
} from "./routing.js";
import { deviceListChanges, parseSince } from "./sync.js";
import type { Json, JsonObject, ToDeviceEvent } from "./types.js";

/** The device the request acts as; a 400 when it has none (an appservice without device_id). */
function actingDevice(ctx: RouteContext): Device {
  const device =
    ctx.actingDevice === null
      ? undefined
      : ctx.tenant.devices.get(ctx.actingUser, ctx.actingDevice);
  if (!device) {
    throw new ReplyError(400, "M_MISSING_PARAM", "This request needs a device: pass device_id");
  }
  return device;
}

const objectField = (body: JsonObject, key: string): JsonObject | undefined => {
  const value = body[key];
  if (value === undefined) return undefined;
  if (!isObject(value)) throw badJson(`${key} must be an object`);
  return value;
};

/** Adds `signatures` ({user: {keyId: sig}}) to the signed object's own signatures. */
function mergeSignatures(target: JsonObject, signatures: Json | undefined): void {
  if (!isObject(signatures)) return;
  const own = isObject(target.signatures) ? target.signatures : {};
  for (const [userId, byKey] of Object.entries(signatures)) {
    if (!isObject(byKey)) continue;
    const mine = isObject(own[userId]) ? own[userId] : {};
    own[userId] = { ...mine, ...byKey };
  }
  target.signatures = own;
}

/**
 * The stored copy of a re-uploaded signed key: when its `keys` are unchanged, signatures uploaded
 * separately (POST /keys/signatures/upload) are kept.
 */
function replaceSigned(previous: JsonObject | null | undefined, next: JsonObject): JsonObject {
  const stored = structuredClone(next);
  if (previous && isDeepStrictEqual(previous.keys, next.keys)) {
    mergeSignatures(stored, previous.signatures);
  }
  return stored;
}

function checkDeviceKeys(ctx: RouteContext, device: Device, keys: JsonObject): void {
  if (keys.user_id !== ctx.actingUser || keys.device_id !== device.deviceId) {
    throw new ReplyError(
      400,
      "M_INVALID_PARAM",
      "user_id and device_id of device_keys must be those of the access token",
    );
  }
  if (!Array.isArray(keys.algorithms) || !isObject(keys.keys) || !isObject(keys.signatures)) {
    throw badJson("device_keys needs algorithms, keys and signatures");
  }
}

/** POST /keys/upload */
function uploadKeys(ctx: RouteContext): Reply {
  const body = objectBody(ctx);
  const device = actingDevice(ctx);
  const deviceKeys = objectField(body, "device_keys");
  const oneTimeKeys = objectField(body, "one_time_keys") ?? {};
  const fallbackKeys =
    objectField(body, "fallback_keys") ?? objectField(body, "org.matrix.msc2732.fallback_keys");
  if (deviceKeys) checkDeviceKeys(ctx, device, deviceKeys);
  // Checked before anything is stored, so a refused upload changes nothing.
  for (const [keyId, key] of Object.entries(oneTimeKeys)) {
    const existing = device.oneTimeKeys.get(keyId);
    if (existing !== undefined && !isDeepStrictEqual(existing, key)) {
      throw new ReplyError(400, "M_INVALID_PARAM", `One time key ${keyId} already exists`);
    }
  }
  if (deviceKeys) {
    const stored = replaceSigned(device.deviceKeys, deviceKeys);
    const changed = !isDeepStrictEqual(stored, device.deviceKeys);
    device.deviceKeys = stored;
    if (changed) ctx.tenant.deviceListChanged(ctx.actingUser);
  }
  for (const [keyId, key] of Object.entries(oneTimeKeys)) {
    device.oneTimeKeys.set(keyId, structuredClone(key));
  }
  for (const [keyId, key] of Object.entries(fallbackKeys ?? {})) {
    const algorithm = algorithmOf(keyId);
    const existing = device.fallbackKeys.get(algorithm);
    // The same key again keeps its "used" flag, as in Synapse.
    if (existing?.keyId === keyId && isDeepStrictEqual(existing.key, key)) continue;
    device.fallbackKeys.set(algorithm, { keyId, key: structuredClone(key), used: false });
  }
  device.keysUploaded = true;
  return ok({ one_time_key_counts: device.oneTimeKeyCounts() });
}

/** POST /keys/query */
function queryKeys(ctx: RouteContext): Reply {
  const body = objectBody(ctx);
  const wanted = objectField(body, "device_keys");
  if (!wanted) throw new ReplyError(400, "M_MISSING_PARAM", "Missing device_keys");
  const deviceKeys: JsonObject = {};
  const masterKeys: JsonObject = {};
  const selfSigningKeys: JsonObject = {};
  const userSigningKeys: JsonObject = {};
  for (const [userId, ids] of Object.entries(wanted)) {
    const only = Array.isArray(ids) ? ids.filter((id) => typeof id === "string") : [];
    const byDevice: JsonObject = {};
    for (const device of ctx.tenant.devices.ofUser(userId)) {
      if (!device.deviceKeys) continue;
      if (only.length > 0 && !only.includes(device.deviceId)) continue;
      const keys = structuredClone(device.deviceKeys);
      if (device.displayName !== null) {
        keys.unsigned = { device_display_name: device.displayName };
      }
      byDevice[device.deviceId] = keys;
    }
    deviceKeys[userId] = byDevice;
    const crossSigning = ctx.tenant.devices.crossSigning.get(userId);
    if (crossSigning?.master) masterKeys[userId] = structuredClone(crossSigning.master);
    if (crossSigning?.selfSigning) {
      selfSigningKeys[userId] = structuredClone(crossSigning.selfSigning);
    }
    // A user's user-signing key is only shown to themselves.
    if (crossSigning?.userSigning && userId === ctx.actingUser) {
      userSigningKeys[userId] = structuredClone(crossSigning.userSigning);
    }
  }
  return ok({
    device_keys: deviceKeys,
    failures: {},
    master_keys: masterKeys,
    self_signing_keys: selfSigningKeys,
    user_signing_keys: userSigningKeys,
  });
}

/** POST /keys/claim: a one-time key per device, else its fallback key; nothing when neither. */
function claimKeys(ctx: RouteContext): Reply {
  const body = objectBody(ctx);
  const wanted = objectField(body, "one_time_keys");
  if (!wanted) throw new ReplyError(400, "M_MISSING_PARAM", "Missing one_time_keys");
  const claimed: Record<string, Record<string, JsonObject>> = {};
  for (const [userId, devices] of Object.entries(wanted)) {
    if (!isObject(devices)) continue;
    for (const [deviceId, algorithm] of Object.entries(devices)) {
      if (typeof algorithm !== "string") continue;
      const key = ctx.tenant.devices.get(userId, deviceId)?.claim(algorithm);
      if (!key) continue;
      const byDevice = claimed[userId] ?? {};
      byDevice[deviceId] = { ...byDevice[deviceId], [key.keyId]: key.key };
      claimed[userId] = byDevice;
    }
  }
  return ok({ one_time_keys: claimed, failures: {} });
}

const CROSS_SIGNING_FIELDS = [
  ["master_key", "master"],
  ["self_signing_key", "selfSigning"],
  ["user_signing_key", "userSigning"],
] as const;

/**
 * POST /keys/device_signing/upload. No user-interactive authentication is asked for, not even to
 * replace existing keys (a real server asks for it then).
 */
function uploadCrossSigningKeys(ctx: RouteContext): Reply {
  const body = objectBody(ctx);
  const keys = ctx.tenant.devices.crossSigning.get(ctx.actingUser) ?? {};
  let changed = false;
  for (const [field, slot] of CROSS_SIGNING_FIELDS) {
    const key = objectField(body, field);
    if (!key) continue;
    if (key.user_id !== ctx.actingUser || !Array.isArray(key.usage) || !isObject(key.keys)) {
      throw new ReplyError(400, "M_INVALID_PARAM", `${field} needs user_id, usage and keys`);
    }
    const stored = replaceSigned(keys[slot], key);
    if (!isDeepStrictEqual(stored, keys[slot])) changed = true;
    keys[slot] = stored;
  }
  ctx.tenant.devices.crossSigning.set(ctx.actingUser, keys);
  if (changed) ctx.tenant.deviceListChanged(ctx.actingUser);
  return ok({});
}

/** The stored signed object a signature upload names: a device, or a cross-signing public key. */
function signedTarget(ctx: RouteContext, userId: string, keyId: string): JsonObject | undefined {
  const device = ctx.tenant.devices.get(userId, keyId);
  if (device?.deviceKeys) return device.deviceKeys;
  const crossSigning = ctx.tenant.devices.crossSigning.get(userId) ?? {};
  for (const key of [crossSigning.master, crossSigning.selfSigning, crossSigning.userSigning]) {
    if (key && isObject(key.keys) && key.keys[`ed25519:${keyId}`] !== undefined) return key;
  }
  return undefined;
}

/** POST /keys/signatures/upload: merges the signatures into the stored keys. */
function uploadSignatures(ctx: RouteContext): Reply {
  const body = objectBody(ctx);
  const failures: Record<string, JsonObject> = {};
  const changedUsers = new Set<string>();
  for (const [userId, byKey] of Object.entries(body)) {
    if (!isObject(byKey)) throw badJson(`Signatures for ${userId} must be an object`);
    for (const [keyId, signed] of Object.entries(byKey)) {
      const target = signedTarget(ctx, userId, keyId);
      if (!target || !isObject(signed)) {
        failures[userId] = {
          ...failures[userId],
          [keyId]: { errcode: "M_NOT_FOUND", error: "Unknown key" },
        };
        continue;
      }
      mergeSignatures(target, signed.signatures);
      changedUsers.add(userId);
    }
  }
  for (const userId of changedUsers) ctx.tenant.deviceListChanged(userId);
  return ok({ failures });
}

/** GET /keys/changes?from=&to= */
function keyChanges(ctx: RouteContext): Reply {
  const from = parseSince(ctx.query.from ?? "", ctx.tenant);
  const to = parseSince(ctx.query.to ?? "", ctx.tenant);
  if (from === "invalid" || to === "invalid") {
    return matrixError(400, "M_INVALID_PARAM", "from and to must be sync tokens");
  }
  return ok(deviceListChanges(ctx.tenant, ctx.actingUser, from, to));
}

/** PUT /sendToDevice/{eventType}/{txnId}; idempotent per sending device and transaction. */
function sendToDevice(ctx: RouteContext, eventType: string): Reply {
  const body = objectBody(ctx);
  const messages = objectField(body, "messages");
  if (!messages) throw new ReplyError(400, "M_MISSING_PARAM", "Missing messages");
  const queued = new Map<string, { userId: string; deviceId: string; event: ToDeviceEvent }>();
  for (const [userId, byDevice] of Object.entries(messages)) {
    if (!isObject(byDevice)) throw badJson(`messages.${userId} must be an object`);
    for (const [deviceId, content] of Object.entries(byDevice)) {
      if (!isObject(content)) throw badJson(`messages.${userId}.${deviceId} must be an object`);
      const targets =
        deviceId === "*" ? ctx.tenant.devices.ofUser(userId).map((d) => d.deviceId) : [deviceId];
      for (const target of targets) {
        const event = { type: eventType, sender: ctx.actingUser, content };
        queued.set(`${userId}\n${target}`, { userId, deviceId: target, event });
      }
    }
  }
  ctx.tenant.queueToDevice(`${ctx.actingUser}\n${ctx.actingDevice ?? ""}\n${ctx.path}`, [
    ...queued.values(),
  ]);
  return ok({});
}

function deviceJson(device: Device): JsonObject {
  const json: JsonObject = { device_id: device.deviceId };
  if (device.displayName !== null) json.display_name = device.displayName;
  return json;
}

/**
 * PUT /devices/{deviceId}: renames one of the user's devices. An appservice (the tenant token of
 * an appservice tenant) may create one this way, answered with 201 (MSC4190).
 */
function putDevice(ctx: RouteContext, deviceId: string): Reply {
  const body = objectBody(ctx, true);
  if (body.display_name !== undefined && typeof body.display_name !== "string") {
    throw badJson("display_name must be a string");
  }
  const existing = ctx.tenant.devices.get(ctx.actingUser, deviceId);
  if (!existing && !ctx.appservice) return notFound("Device");
  const { device, created } = ctx.tenant.devices.ensure(ctx.actingUser, deviceId);
  if (typeof body.display_name === "string" && body.display_name !== device.displayName) {
    device.displayName = body.display_name;
    // The display name is part of what /keys/query answers.
    if (device.deviceKeys) ctx.tenant.deviceListChanged(ctx.actingUser);
  }
  return { status: created ? 201 : 200, body: {} };
}

export const E2EE_ROUTES: Route[] = [
  route("POST", `${V3}/keys/upload`, uploadKeys),
  route("POST", `${V3}/keys/query`, queryKeys),
  route("POST", `${V3}/keys/claim`, claimKeys),
  route("POST", `${V3}/keys/device_signing/upload`, uploadCrossSigningKeys),
  route("POST", `${V3}/keys/signatures/upload`, uploadSignatures),
  route("GET", `${V3}/keys/changes`, keyChanges),
  route("PUT", `${V3}/sendToDevice/:eventType/:txnId`, (ctx, [eventType = ""]) =>
    sendToDevice(ctx, eventType),
  ),
  route("GET", `${V3}/devices`, (ctx) =>
    ok({ devices: ctx.tenant.devices.ofUser(ctx.actingUser).map(deviceJson) }),
  ),
  route("GET", `${V3}/devices/:deviceId`, (ctx, [deviceId = ""]) => {
    const device = ctx.tenant.devices.get(ctx.actingUser, deviceId);
    return device ? ok(deviceJson(device)) : notFound("Device");
  }),
  route("PUT", `${V3}/devices/:deviceId`, (ctx, [deviceId = ""]) => putDevice(ctx, deviceId)),
  // No server-side key backup: clients see "no backup" and carry on.
  route("GET", `${V3}/room_keys/version`, () =>
    matrixError(404, "M_NOT_FOUND", "No current backup version"),
  ),
];
