import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createTenant } from "../helpers/homeserver";
import { envFor, message, push, uid } from "../helpers/worker";

describe("poison events", () => {
  it("gives up an event after three failed attempts, so the transaction is acknowledged", async () => {
    const hs = await createTenant();
    const testEnv = envFor(hs);
    const txn = uid("t");
    const ping = message(".ping");
    const chatter = message("after the poison");
    // Every answer fails for good: 4 tries per attempt (the first send and 3 retries).
    await hs.fault({ method: "PUT", pathIncludes: "/send/", status: 500, times: 12 });
    expect((await push(testEnv, txn, [ping, chatter])).status).toBeGreaterThanOrEqual(500);
    expect((await push(testEnv, txn, [ping, chatter])).status).toBeGreaterThanOrEqual(500);
    // The third failure gives the event up: recorded as done, and the transaction gets its 200.
    expect((await push(testEnv, txn, [ping, chatter])).status).toBe(200);
    const row = await env.DB.prepare(
      "SELECT status, attempts FROM processed_events WHERE event_id = ?",
    )
      .bind(ping.event_id)
      .first();
    expect(row).toEqual({ status: "done", attempts: 3 });
    // The homeserver is healthy again: the given-up event is not answered late, nor twice.
    expect((await push(testEnv, txn, [ping])).status).toBe(200);
    expect((await push(testEnv, uid("t"), [ping])).status).toBe(200);
    expect(await hs.sent()).toHaveLength(0);
    expect(await hs.requests({ pathIncludes: "/send/" })).toHaveLength(12);
  });

  it("gives up an event whose invocation died three times holding it", async () => {
    const hs = await createTenant();
    const testEnv = envFor(hs);
    const ping = message(".ping");
    // Three invocations claimed it and died: their leases ran out long ago.
    await env.DB.prepare(
      "INSERT INTO processed_events (event_id, status, claimed_at, attempts) VALUES (?, 'claimed', ?, 3)",
    )
      .bind(ping.event_id, Date.now() - 600_000)
      .run();
    expect((await push(testEnv, uid("t"), [ping])).status).toBe(200);
    expect(await hs.sent()).toHaveLength(0);
    const row = await env.DB.prepare("SELECT status FROM processed_events WHERE event_id = ?")
      .bind(ping.event_id)
      .first();
    expect(row).toEqual({ status: "done" });
  });

  it("retries an event that failed once, and answers it then", async () => {
    const hs = await createTenant();
    const testEnv = envFor(hs);
    const txn = uid("t");
    const ping = message(".ping");
    await hs.fault({ method: "PUT", pathIncludes: "/send/", status: 500, times: 4 });
    expect((await push(testEnv, txn, [ping])).status).toBeGreaterThanOrEqual(500);
    expect((await push(testEnv, txn, [ping])).status).toBe(200);
    expect(await hs.sent()).toHaveLength(1);
  });
});
