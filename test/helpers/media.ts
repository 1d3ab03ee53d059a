import { inject } from "vitest";
import type { FakeTenant } from "./homeserver";

/** Uploads `data` to the tenant's media repository as `token` (default: the tenant's); the mxc URI. */
export async function uploadFile(
  tenant: FakeTenant,
  data: string | Uint8Array,
  opts: { filename?: string; contentType?: string; token?: string } = {},
): Promise<string> {
  const url = new URL(`${tenant.baseUrl}/_matrix/media/v3/upload`);
  if (opts.filename) url.searchParams.set("filename", opts.filename);
  const response = await fetch(url, {
    method: "POST",
    headers: {
      authorization: `Bearer ${opts.token ?? tenant.token}`,
      "content-type": opts.contentType ?? "application/json",
    },
    body: data,
  });
  const body = (await response.json()) as { content_uri?: string };
  if (!response.ok || !body.content_uri)
    throw new Error(`upload answered ${response.status} ${JSON.stringify(body)}`);
  return body.content_uri;
}

/** Downloads an `mxc://` URI with authenticated media; the response as it came. */
export function downloadFile(tenant: FakeTenant, mxc: string, token = tenant.token) {
  const [server, mediaId] = mxc.replace(/^mxc:\/\//, "").split("/");
  const path = `/_matrix/client/v1/media/download/${server}/${mediaId}`;
  return fetch(`${tenant.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
}

/** Sets the tenant's upload size limit (`m.upload.size`). */
export async function setMaxUpload(tenant: FakeTenant, maxUploadBytes: number): Promise<void> {
  const response = await fetch(
    `${inject("hsUrl")}/_fake/t/${encodeURIComponent(tenant.id)}/media-config`,
    { method: "POST", body: JSON.stringify({ maxUploadBytes }) },
  );
  if (!response.ok) throw new Error(`media-config answered ${response.status}`);
}
