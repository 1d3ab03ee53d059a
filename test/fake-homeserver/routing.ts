import type { IncomingHttpHeaders } from "node:http";
import { isObject, matrixError, type Reply, ReplyError } from "./http.js";
import type { Tenant } from "./tenant.js";
import type { Json, JsonObject } from "./types.js";

export interface RouteContext {
  tenant: Tenant;
  /** Decoded path after the tenant's baseUrl; the idempotency key of sends and redactions. */
  path: string;
  query: Record<string, string>;
  rawBody: string;
  /** The body as it came, for uploads. */
  bytes: Buffer;
  headers: IncomingHttpHeaders;
  body: Json | undefined;
  actingUser: string;
  /** The device the request acts as; null for an appservice acting as another user. */
  actingDevice: string | null;
  /** Authenticated with the tenant token of an appservice tenant. */
  appservice: boolean;
  /** Aborts when the client goes away or the server closes. */
  signal: AbortSignal;
}

export type Handler = (ctx: RouteContext, params: string[]) => Reply | Promise<Reply>;

export interface Route {
  method: string;
  pattern: string[];
  auth: boolean;
  handler: Handler;
}

export const V3 = "/_matrix/client/v3";

export const route = (method: string, path: string, handler: Handler, auth = true): Route => ({
  method,
  pattern: path.split("/").slice(1),
  auth,
  handler,
});

/** The JSON object body; throws the error a real server gives for a missing or malformed one. */
export function objectBody(ctx: RouteContext, optional = false): JsonObject {
  if (optional && ctx.rawBody.trim() === "") return {};
  if (ctx.body === undefined) throw new ReplyError(400, "M_NOT_JSON", "Content not JSON.");
  if (!isObject(ctx.body)) {
    throw new ReplyError(400, "M_BAD_JSON", "Content must be a JSON object.");
  }
  return ctx.body;
}

export const notFound = (what: string) => matrixError(404, "M_NOT_FOUND", `${what} not found`);

export const badJson = (message: string) => new ReplyError(400, "M_BAD_JSON", message);
