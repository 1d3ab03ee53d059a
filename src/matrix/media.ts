import { Method } from "matrix-js-sdk/lib/http-api/index.js";
import type { MatrixClient } from "./client";
import { HomeserverError } from "./retry";

const MEDIA_V3 = "/_matrix/media/v3";
const CLIENT_V1 = "/_matrix/client/v1";

/** A content URI split into its parts; null when it is not `mxc://server/mediaId`. */
export function parseMxc(uri: unknown): { server: string; mediaId: string } | null {
  if (typeof uri !== "string") return null;
  const match = /^mxc:\/\/([A-Za-z0-9.:[\]-]+)\/([A-Za-z0-9_-]+)$/.exec(uri);
  return match ? { server: match[1] as string, mediaId: match[2] as string } : null;
}

/** Uploads `data` to the homeserver's media repository; resolves to its `mxc://` URI. */
export async function uploadMedia(
  matrix: MatrixClient,
  data: string | Uint8Array,
  file: { name: string; type: string },
): Promise<string> {
  const res = await matrix.request<{ content_uri?: unknown }>(Method.Post, "/upload", {
    prefix: MEDIA_V3,
    query: { filename: file.name },
    headers: { "Content-Type": file.type },
    body: data,
  });
  if (parseMxc(res.content_uri) === null)
    throw new Error("the homeserver answered the upload without a valid content_uri");
  return res.content_uri as string;
}

/**
 * Downloads a file from the media repository with authenticated media (Matrix 1.11); a
 * homeserver that does not know that endpoint yet gets the legacy unauthenticated one.
 */
export async function downloadMedia(matrix: MatrixClient, uri: string): Promise<Blob> {
  const mxc = parseMxc(uri);
  if (!mxc) throw new TypeError(`${JSON.stringify(uri).slice(0, 80)} is not an mxc:// URI`);
  const path = `/download/${encodeURIComponent(mxc.server)}/${encodeURIComponent(mxc.mediaId)}`;
  try {
    return await matrix.request<Blob>(Method.Get, `/media${path}`, {
      prefix: CLIENT_V1,
      raw: true,
    });
  } catch (error) {
    if (!unknownEndpoint(error)) throw error;
    return matrix.request<Blob>(Method.Get, path, { prefix: MEDIA_V3, raw: true });
  }
}

function unknownEndpoint(error: unknown): boolean {
  return (
    error instanceof HomeserverError &&
    (error.status === 404 || error.status === 405) &&
    error.errcode === "M_UNRECOGNIZED"
  );
}
