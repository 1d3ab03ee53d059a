import { randomBytes } from "node:crypto";
import { isObject, matrixError, ok, type Reply, ReplyError } from "./http.js";
import { type Route, type RouteContext, route } from "./routing.js";
import type { Tenant } from "./tenant.js";
import type { Json } from "./types.js";

// The media repository: upload (POST /_matrix/media/v3/upload), authenticated download
// (GET /_matrix/client/v1/media/download/{serverName}/{mediaId}[/{fileName}], Matrix 1.11) and
// the legacy unauthenticated download under /_matrix/media/v3, with the upload size limit in
// /config. Media ids are random; the server name is always test.local.

export const MEDIA_SERVER = "test.local";
/** Synapse's default `max_upload_size` is 50M; a small default keeps tests of the limit fast. */
const DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export interface StoredMedia {
  data: Buffer;
  contentType: string;
  filename?: string;
  uploader: string;
}

interface MediaStore {
  maxUploadBytes: number;
  files: Map<string, StoredMedia>;
}

const stores = new WeakMap<Tenant, MediaStore>();

export function mediaOf(tenant: Tenant): MediaStore {
  let store = stores.get(tenant);
  if (!store) {
    store = { maxUploadBytes: DEFAULT_MAX_UPLOAD_BYTES, files: new Map() };
    stores.set(tenant, store);
  }
  return store;
}

function upload(ctx: RouteContext): Reply {
  const store = mediaOf(ctx.tenant);
  const declared = Number(ctx.headers["content-length"] ?? ctx.bytes.length);
  if (declared > store.maxUploadBytes || ctx.bytes.length > store.maxUploadBytes) {
    return matrixError(413, "M_TOO_LARGE", "Upload request body is too large");
  }
  const mediaId = randomBytes(12).toString("base64url");
  const type = ctx.headers["content-type"];
  store.files.set(mediaId, {
    data: ctx.bytes,
    contentType: typeof type === "string" && type !== "" ? type : "application/octet-stream",
    filename: ctx.query.filename,
    uploader: ctx.actingUser,
  });
  return ok({ content_uri: `mxc://${MEDIA_SERVER}/${mediaId}` });
}

function download(ctx: RouteContext, [server = "", mediaId = "", fileName]: string[]): Reply {
  const file = server === MEDIA_SERVER ? mediaOf(ctx.tenant).files.get(mediaId) : undefined;
  if (!file) return matrixError(404, "M_NOT_FOUND", "Not found");
  const filename = fileName ?? file.filename;
  return {
    status: 200,
    body: null,
    file: { data: file.data, contentType: file.contentType, ...(filename ? { filename } : {}) },
  };
}

const config = (ctx: RouteContext) => ok({ "m.upload.size": mediaOf(ctx.tenant).maxUploadBytes });

const V1 = "/_matrix/client/v1/media";
const LEGACY = "/_matrix/media/v3";

export const MEDIA_ROUTES: Route[] = [
  route("POST", `${LEGACY}/upload`, upload),
  route("GET", `${V1}/config`, config),
  route("GET", `${V1}/download/:serverName/:mediaId`, download),
  route("GET", `${V1}/download/:serverName/:mediaId/:fileName`, download),
  route("GET", `${LEGACY}/config`, config),
  // Unauthenticated, as it was before Matrix 1.11.
  route("GET", `${LEGACY}/download/:serverName/:mediaId`, download, false),
  route("GET", `${LEGACY}/download/:serverName/:mediaId/:fileName`, download, false),
];

/** Control API: POST /_fake/t/{id}/media-config `{ maxUploadBytes }`. */
export function setMediaConfig(tenant: Tenant, body: Json | undefined): Reply {
  const max = isObject(body) ? body.maxUploadBytes : undefined;
  if (typeof max !== "number" || !Number.isInteger(max) || max < 0) {
    throw new ReplyError(400, "M_BAD_JSON", "maxUploadBytes must be a whole number of bytes");
  }
  mediaOf(tenant).maxUploadBytes = max;
  return ok({});
}
