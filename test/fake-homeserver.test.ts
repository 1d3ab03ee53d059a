import { describe, expect, it } from "vitest";
import {
  createTenant,
  type FakeTenant,
  type MatrixEvent,
  rateLimited,
  type SyncResponse,
} from "./helpers/homeserver";

const ROOM = "!room:test.local";

interface Call {
  method?: string;
  body?: unknown;
  token?: string | null;
  query?: Record<string, string>;
}

/** Calls the tenant's client-server API the way a Matrix client would. */
function cs(tenant: FakeTenant, path: string, call: Call = {}): Promise<Response> {
  const url = new URL(`${tenant.baseUrl}/_matrix/client/v3${path}`);
  for (const [key, value] of Object.entries(call.query ?? {})) url.searchParams.set(key, value);
  const token = call.token === undefined ? tenant.token : call.token;
  const headers: Record<string, string> =
    token === null ? {} : { authorization: `Bearer ${token}` };
  return fetch(url, {
    method: call.method ?? "GET",
    headers,
    body: call.body === undefined ? undefined : JSON.stringify(call.body),
  });
}

const sendPath = (txnId: string) =>
  `/rooms/${encodeURIComponent(ROOM)}/send/m.room.message/${encodeURIComponent(txnId)}`;

const sendText = (tenant: FakeTenant, txnId: string, body = "hello") =>
  cs(tenant, sendPath(txnId), { method: "PUT", body: { msgtype: "m.text", body } });

describe("fake homeserver", () => {
  it("rejects missing and wrong tokens like a real server", async () => {
    const tenant = await createTenant();
    const missing = await cs(tenant, "/account/whoami", { token: null });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ errcode: "M_MISSING_TOKEN" });
    const wrong = await cs(tenant, "/account/whoami", { token: "nope" });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ errcode: "M_UNKNOWN_TOKEN" });

    const viaQuery = await cs(tenant, "/account/whoami", {
      token: null,
      query: { access_token: tenant.token },
    });
    expect(await viaQuery.json()).toEqual({
      user_id: "@owner:test.local",
      device_id: "FAKEDEVICE",
      is_guest: false,
    });
    const recorded = await tenant.requests({ pathIncludes: "whoami" });
    expect(recorded.map((r) => [r.status, r.auth])).toEqual([
      [401, null],
      [401, "header"],
      [200, "query"],
    ]);
  });

  it("lets an appservice masquerade with user_id", async () => {
    const tenant = await createTenant();
    const res = await cs(tenant, sendPath("as1"), {
      method: "PUT",
      body: { body: "as bot" },
      query: { user_id: "@bot:test.local" },
    });
    expect(res.status).toBe(200);
    expect((await tenant.sent())[0]?.sender).toBe("@bot:test.local");
    expect((await tenant.requests())[0]?.actingUser).toBe("@bot:test.local");
  });

  it("deduplicates sends by transaction id and stores them for getEvent", async () => {
    const tenant = await createTenant();
    const first = (await (await sendText(tenant, "txn/1")).json()) as { event_id: string };
    const again = (await (await sendText(tenant, "txn/1")).json()) as { event_id: string };
    expect(again.event_id).toBe(first.event_id);
    expect(await tenant.sent()).toEqual([
      {
        event_id: first.event_id,
        room_id: ROOM,
        type: "m.room.message",
        sender: "@owner:test.local",
        content: { msgtype: "m.text", body: "hello" },
        txn_id: "txn/1",
      },
    ]);
    const requests = await tenant.requests({ method: "PUT" });
    expect(requests[0]?.path).toBe(`/_matrix/client/v3${decodeURIComponent(sendPath("txn/1"))}`);

    const res = await cs(tenant, `/rooms/${encodeURIComponent(ROOM)}/event/${first.event_id}`);
    const event = (await res.json()) as MatrixEvent;
    expect(event).toMatchObject({
      sender: "@owner:test.local",
      unsigned: { transaction_id: "txn/1" },
    });
  });

  it("answers 404 M_NOT_FOUND for an unknown event and M_UNRECOGNIZED for an unknown route", async () => {
    const tenant = await createTenant();
    const missing = await cs(tenant, `/rooms/${encodeURIComponent(ROOM)}/event/$nope:test.local`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ errcode: "M_NOT_FOUND" });
    const unknown = await cs(tenant, "/no/such/route");
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ errcode: "M_UNRECOGNIZED" });
  });

  it("rate-limits with 429 and then succeeds, storing one event", async () => {
    const tenant = await createTenant();
    await tenant.fault(rateLimited(250, { method: "PUT", pathIncludes: "/send/" }));
    const limited = await sendText(tenant, "t1");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
    expect(await limited.json()).toEqual({
      errcode: "M_LIMIT_EXCEEDED",
      error: "Too many requests",
      retry_after_ms: 250,
    });
    expect(await tenant.sent()).toEqual([]);
    const retried = await sendText(tenant, "t1");
    expect(retried.status).toBe(200);
    expect(await tenant.sent()).toHaveLength(1);
    expect((await tenant.requests()).map((r) => [r.status, r.faulted])).toEqual([
      [429, true],
      [200, false],
    ]);
  });

  it("injects 500s, delays and dropped connections", async () => {
    const tenant = await createTenant();
    await tenant.fault({ pathIncludes: "/send/", status: 500, times: 2 });
    expect((await sendText(tenant, "a")).status).toBe(500);
    const second = await sendText(tenant, "a");
    expect(second.status).toBe(500);
    expect(await second.json()).toMatchObject({ errcode: "M_UNKNOWN" });
    expect((await sendText(tenant, "a")).status).toBe(200);
    expect(await tenant.sent()).toHaveLength(1);

    await tenant.fault({ pathIncludes: "whoami", delayMs: 200 });
    const started = Date.now();
    expect((await cs(tenant, "/account/whoami")).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);

    await tenant.fault({ pathIncludes: "whoami", drop: true });
    await expect(cs(tenant, "/account/whoami")).rejects.toThrow();
    expect((await cs(tenant, "/account/whoami")).status).toBe(200);
  });

  it("long-polls /sync until an event arrives", async () => {
    const tenant = await createTenant();
    await tenant.addEvents(ROOM, [
      { type: "m.room.message", sender: "@alice:test.local", content: { body: "old" } },
    ]);
    const initial = (await (await cs(tenant, "/sync")).json()) as SyncResponse;
    expect(initial.next_batch).toBe("s1");
    expect(initial.rooms.join[ROOM]?.timeline.events.map((e) => e.content.body)).toEqual(["old"]);

    const idle = (await (
      await cs(tenant, "/sync", { query: { since: initial.next_batch, timeout: "100" } })
    ).json()) as SyncResponse;
    expect(idle).toEqual({ next_batch: "s1", rooms: { join: {} } });

    const polling = cs(tenant, "/sync", { query: { since: initial.next_batch, timeout: "10000" } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const [eventId] = await tenant.addEvents(ROOM, [
      { type: "m.room.message", sender: "@alice:test.local", content: { body: "!ping" } },
    ]);
    const next = (await (await polling).json()) as SyncResponse;
    expect(next.next_batch).toBe("s2");
    expect(next.rooms.join[ROOM]?.timeline.events).toEqual([
      expect.objectContaining({ event_id: eventId, sender: "@alice:test.local" }),
    ]);

    const bad = await cs(tenant, "/sync", { query: { since: "garbage" } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errcode: "M_INVALID_PARAM" });
  });

  it("keeps tenants apart and serves seeded profiles, members and filters", async () => {
    const [a, b] = [await createTenant(), await createTenant({ token: "b-token" })];
    await sendText(a, "x");
    expect(await b.sent()).toEqual([]);
    expect((await cs(b, "/account/whoami", { token: a.token })).status).toBe(401);

    await a.setProfile("@alice:test.local", { displayname: "Alice" });
    const profile = await cs(a, `/profile/${encodeURIComponent("@alice:test.local")}`);
    expect(await profile.json()).toEqual({ displayname: "Alice" });
    expect((await cs(b, "/profile/@alice:test.local")).status).toBe(404);

    await a.setMembers(ROOM, { "@alice:test.local": { display_name: "Alice", avatar_url: null } });
    const members = await cs(a, `/rooms/${encodeURIComponent(ROOM)}/joined_members`);
    expect(await members.json()).toEqual({
      joined: { "@alice:test.local": { display_name: "Alice", avatar_url: null } },
    });

    const filter = { room: { timeline: { limit: 5 } } };
    const created = await cs(a, `/user/${encodeURIComponent(a.userId)}/filter`, {
      method: "POST",
      body: filter,
    });
    const { filter_id } = (await created.json()) as { filter_id: string };
    expect(await a.filtersCreated()).toBe(1);
    const stored = await cs(a, `/user/${encodeURIComponent(a.userId)}/filter/${filter_id}`);
    expect(await stored.json()).toEqual(filter);
  });
});
