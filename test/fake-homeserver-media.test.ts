import { describe, expect, it } from "vitest";
import { createTenant } from "./helpers/homeserver";
import { downloadFile, setMaxUpload, uploadFile } from "./helpers/media";

describe("fake homeserver: media repository", () => {
  it("stores an upload and serves it back with authenticated media", async () => {
    const tenant = await createTenant();
    const mxc = await uploadFile(tenant, '{"a":1}', { filename: "a.json" });
    expect(mxc).toMatch(/^mxc:\/\/test\.local\/[A-Za-z0-9_-]+$/);
    const response = await downloadFile(tenant, mxc);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.get("content-disposition")).toContain("a.json");
    expect(await response.text()).toBe('{"a":1}');
    const [upload] = await tenant.requests({ method: "POST", pathIncludes: "/upload" });
    expect(upload).toMatchObject({ query: { filename: "a.json" }, status: 200 });
  });

  it("keeps bytes as they are", async () => {
    const tenant = await createTenant();
    const bytes = new Uint8Array([0, 255, 10, 128, 66]);
    const mxc = await uploadFile(tenant, bytes, { contentType: "application/octet-stream" });
    const response = await downloadFile(tenant, mxc);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes);
  });

  it("asks for a token to upload and for authenticated downloads, not for legacy ones", async () => {
    const tenant = await createTenant();
    const anonymous = await fetch(`${tenant.baseUrl}/_matrix/media/v3/upload`, {
      method: "POST",
      body: "x",
    });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ errcode: "M_MISSING_TOKEN" });
    const mxc = await uploadFile(tenant, "hello", { contentType: "text/plain" });
    expect((await downloadFile(tenant, mxc, "wrong")).status).toBe(401);
    const id = mxc.split("/").pop();
    const v1 = await fetch(`${tenant.baseUrl}/_matrix/client/v1/media/download/test.local/${id}`);
    expect(v1.status).toBe(401);
    const legacy = await fetch(`${tenant.baseUrl}/_matrix/media/v3/download/test.local/${id}`);
    expect(await legacy.text()).toBe("hello");
  });

  it("answers 404 M_NOT_FOUND for unknown media", async () => {
    const tenant = await createTenant();
    const response = await downloadFile(tenant, "mxc://test.local/nothing");
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ errcode: "M_NOT_FOUND" });
    const elsewhere = await downloadFile(tenant, "mxc://other.example/nothing");
    expect(elsewhere.status).toBe(404);
  });

  it("refuses an upload over the size limit with 413 M_TOO_LARGE and says the limit in /config", async () => {
    const tenant = await createTenant();
    await setMaxUpload(tenant, 10);
    await expect(uploadFile(tenant, "0123456789")).resolves.toMatch(/^mxc:/);
    await expect(uploadFile(tenant, "0123456789A")).rejects.toThrow(/413.*M_TOO_LARGE/);
    const config = await fetch(`${tenant.baseUrl}/_matrix/client/v1/media/config`, {
      headers: { authorization: `Bearer ${tenant.token}` },
    });
    expect(await config.json()).toEqual({ "m.upload.size": 10 });
  });

  it("records who uploaded when an appservice masquerades", async () => {
    const tenant = await createTenant();
    const url = `${tenant.baseUrl}/_matrix/media/v3/upload?user_id=${encodeURIComponent("@bot:test.local")}`;
    const response = await fetch(url, {
      method: "POST",
      headers: { authorization: `Bearer ${tenant.token}`, "content-type": "text/plain" },
      body: "x",
    });
    expect(response.status).toBe(200);
    const [upload] = await tenant.requests({ pathIncludes: "/upload" });
    expect(upload?.actingUser).toBe("@bot:test.local");
  });
});
