import type { IncomingMessage, ServerResponse } from "node:http";
import { matrixError, parseJson, type Reply, ReplyError, readBytes, send, sleep } from "./http.js";
import { matchRoute } from "./routes.js";
import type { Tenant } from "./tenant.js";
import type { Json, RecordedRequest } from "./types.js";

interface Acting {
  actingUser: string;
  actingDevice: string | null;
  /** The tenant token of an appservice tenant. */
  appservice: boolean;
}

type Auth =
  | ({ via: "header" | "query" } & Acting)
  | { via: "header" | "query" | null; error: Reply };

/**
 * The tenant token acts as the tenant's user and device; an appservice tenant's token can also
 * act as another user (`user_id`) and as one of that user's devices (`device_id`, MSC3202; else
 * no device). A device token (POST /_fake/t/{id}/devices) acts as its user and device.
 */
function authenticate(tenant: Tenant, req: IncomingMessage, query: Record<string, string>): Auth {
  const header = req.headers.authorization;
  const bearer = header?.match(/^Bearer (.+)$/)?.[1];
  const via = bearer !== undefined ? "header" : query.access_token !== undefined ? "query" : null;
  const token = bearer ?? query.access_token;
  if (via === null || token === undefined) {
    return { via, error: matrixError(401, "M_MISSING_TOKEN", "Missing access token") };
  }
  if (token !== tenant.info.token) {
    const device = tenant.devices.byToken(token);
    if (device) {
      return { via, actingUser: device.userId, actingDevice: device.deviceId, appservice: false };
    }
    const body = {
      errcode: "M_UNKNOWN_TOKEN",
      error: "Unrecognised access token",
      soft_logout: false,
    };
    return { via, error: { status: 401, body } };
  }
  const { appservice, userId, deviceId } = tenant.info;
  const masquerade = appservice ? query.user_id : undefined;
  const actingUser = masquerade ?? userId;
  if (masquerade !== undefined && !/^@[^:]+:.+$/.test(masquerade)) {
    const error = matrixError(
      403,
      "M_FORBIDDEN",
      "Application service cannot masquerade as this user",
    );
    return { via, error };
  }
  const askedDevice = appservice
    ? (query.device_id ?? query["org.matrix.msc3202.device_id"])
    : undefined;
  if (askedDevice === undefined) {
    const actingDevice = actingUser === userId ? deviceId : null;
    return { via, actingUser, actingDevice, appservice };
  }
  if (!tenant.devices.get(actingUser, askedDevice)) {
    // Synapse's answer when an appservice names a device the user does not have.
    const error = matrixError(
      400,
      "M_EXCLUSIVE",
      `Application service trying to use a device that doesn't exist ('${askedDevice}' for ${actingUser})`,
    );
    return { via, error };
  }
  return { via, actingUser, actingDevice: askedDevice, appservice };
}

/**
 * Serves one client-server API request of a tenant: records it, applies a queued fault, then
 * routes it. `segments` are the decoded path segments after the tenant's baseUrl.
 */
export async function handleClientRequest(
  tenant: Tenant,
  req: IncomingMessage,
  res: ServerResponse,
  segments: string[],
  query: Record<string, string>,
  closing: AbortSignal,
): Promise<void> {
  const method = req.method ?? "GET";
  const path = `/${segments.join("/")}`;
  const bytes = await readBytes(req);
  const rawBody = bytes.toString("utf8");
  const body = parseJson(rawBody);
  const auth = authenticate(tenant, req, query);
  const record: RecordedRequest = {
    method,
    path,
    query,
    body: body ?? null,
    actingUser: "actingUser" in auth ? auth.actingUser : null,
    actingDevice: "actingUser" in auth ? auth.actingDevice : null,
    auth: auth.via,
    status: null,
    faulted: false,
    ts: Date.now(),
  };
  tenant.requests.push(record);
  const gone = new AbortController();
  res.on("close", () => gone.abort());
  const signal = AbortSignal.any([closing, gone.signal]);
  const answer = (reply: Reply) => {
    record.status = reply.status;
    send(res, reply);
  };

  const fault = tenant.takeFault(method, path);
  if (fault) {
    record.faulted = true;
    if (fault.delayMs) await sleep(fault.delayMs, signal);
    if (fault.drop) {
      req.socket.destroy();
      return;
    }
    if (fault.status !== undefined) {
      return answer({ status: fault.status, body: faultBody(fault.status, fault.body) });
    }
  }

  const match = matchRoute(method, segments);
  if (match === undefined) {
    return answer(matrixError(404, "M_UNRECOGNIZED", "Unrecognized request"));
  }
  if (match === "wrong-method") {
    return answer(matrixError(405, "M_UNRECOGNIZED", "Unrecognized request"));
  }
  if (match.route.auth && "error" in auth) return answer(auth.error);
  const acting: Acting =
    "actingUser" in auth
      ? auth
      : { actingUser: tenant.info.userId, actingDevice: tenant.info.deviceId, appservice: false };
  try {
    const { actingUser, actingDevice, appservice } = acting;
    const reply = await match.route.handler(
      {
        tenant,
        path,
        query,
        rawBody,
        bytes,
        headers: req.headers,
        body,
        actingUser,
        actingDevice,
        appservice,
        signal,
      },
      match.params,
    );
    if (gone.signal.aborted) return;
    answer(reply);
  } catch (error) {
    if (!(error instanceof ReplyError)) throw error;
    answer(error.reply);
  }
}

function faultBody(status: number, body: Json | undefined): Json {
  if (body !== undefined) return body;
  if (status === 429) return { errcode: "M_LIMIT_EXCEEDED", error: "Too many requests" };
  return { errcode: "M_UNKNOWN", error: "Injected fault" };
}
