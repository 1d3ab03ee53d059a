import { describe, expect, it } from "vitest";
import { createTenant } from "../helpers/homeserver";
import { call, envFor, HS_TOKEN, push } from "../helpers/worker";

const tenant = await createTenant();
const env = envFor(tenant);
const auth = { authorization: `Bearer ${HS_TOKEN}` };

async function errcode(response: Response): Promise<string> {
  return ((await response.json()) as { errcode: string }).errcode;
}

describe("appservice routes", () => {
  it("refuses a transaction without a token (401) and with a wrong one (403)", async () => {
    const missing = await call(env, "/_matrix/app/v1/transactions/a1", {
      method: "PUT",
      body: '{"events":[]}',
    });
    expect(missing.status).toBe(401);
    expect(await errcode(missing)).toBe("M_UNAUTHORIZED");
    const wrong = await call(env, "/_matrix/app/v1/transactions/a1", {
      method: "PUT",
      headers: { authorization: "Bearer nope" },
      body: '{"events":[]}',
    });
    expect(wrong.status).toBe(403);
    expect(await errcode(wrong)).toBe("M_FORBIDDEN");
  });

  it("accepts the legacy route and the legacy ?access_token=", async () => {
    const legacy = await call(env, `/transactions/l1?access_token=${HS_TOKEN}`, {
      method: "PUT",
      body: '{"events":[]}',
    });
    expect(legacy.status).toBe(200);
    expect(await legacy.json()).toEqual({});
    const wrong = await call(env, "/transactions/l2?access_token=nope", {
      method: "PUT",
      body: '{"events":[]}',
    });
    expect(wrong.status).toBe(403);
  });

  it("answers bad JSON with 400 M_NOT_JSON and a wrong shape with M_BAD_JSON", async () => {
    const notJson = await call(env, "/_matrix/app/v1/transactions/b1", {
      method: "PUT",
      headers: auth,
      body: "{nope",
    });
    expect(notJson.status).toBe(400);
    expect(await errcode(notJson)).toBe("M_NOT_JSON");
    for (const body of ["{}", '{"events":{}}', "[]", "null", '"x"']) {
      const bad = await call(env, "/_matrix/app/v1/transactions/b2", {
        method: "PUT",
        headers: auth,
        body,
      });
      expect(bad.status).toBe(400);
      expect(await errcode(bad)).toBe("M_BAD_JSON");
    }
  });

  it("refuses bodies over 1 MiB with 413 M_TOO_LARGE", async () => {
    const body = JSON.stringify({ events: [], pad: "x".repeat(1024 * 1024) });
    const large = await call(env, "/_matrix/app/v1/transactions/c1", {
      method: "PUT",
      headers: auth,
      body,
    });
    expect(large.status).toBe(413);
    expect(await errcode(large)).toBe("M_TOO_LARGE");
  });

  it("skips malformed events but processes the transaction", async () => {
    const response = await push(env, "d1", [{ type: "m.room.message" }, 42, null]);
    expect(response.status).toBe(200);
  });

  it("answers user and room queries and the ping", async () => {
    expect(
      (await call(env, "/_matrix/app/v1/users/%40owner%3Atest.local", { headers: auth })).status,
    ).toBe(200);
    const other = await call(env, "/_matrix/app/v1/users/%40x%3Atest.local", { headers: auth });
    expect(other.status).toBe(404);
    expect(await errcode(other)).toBe("M_NOT_FOUND");
    expect(
      (await call(env, "/_matrix/app/v1/rooms/%23a%3Atest.local", { headers: auth })).status,
    ).toBe(404);
    expect((await call(env, "/_matrix/app/v1/users/%40x%3Atest.local")).status).toBe(401);
    const ping = await call(env, "/_matrix/app/v1/ping", {
      method: "POST",
      headers: auth,
      body: "{}",
    });
    expect(ping.status).toBe(200);
  });

  it("answers unknown routes with 404 M_UNRECOGNIZED", async () => {
    for (const path of ["/nope", "/_matrix/app/v1/other", "/_matrix/app/v2/transactions/x"]) {
      const response = await call(env, path, { headers: auth });
      expect(response.status).toBe(404);
      expect(await errcode(response)).toBe("M_UNRECOGNIZED");
    }
  });

  it("says which settings are missing, without echoing any token", async () => {
    const response = await call(
      { ...env, HOMESERVER_URL: undefined, MATRIX_USER_ID: "not-an-id" },
      "/_matrix/app/v1/transactions/e1",
      { method: "PUT", headers: auth, body: '{"events":[]}' },
    );
    expect(response.status).toBe(503);
    const text = await response.text();
    expect(text).toContain("HOMESERVER_URL");
    expect(text).toContain("MATRIX_USER_ID");
    expect(text).not.toContain(tenant.token);
    expect(text).not.toContain(HS_TOKEN);
  });
});
