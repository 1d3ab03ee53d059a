import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Env } from "../../src/env";
import { createTenant, type FakeTenant, rateLimited } from "../helpers/homeserver";
import { answerText, envFor, OWNER_ID, push, ROOM, runCron, uid } from "../helpers/worker";

/** Sync mode only: the account's own token, no appservice, a short long-poll budget. */
async function syncSetup(overrides: Partial<Env> = {}) {
  const hs = await createTenant({ appservice: false });
  const testEnv = envFor(hs, {
    AS_TOKEN: undefined,
    HS_TOKEN: undefined,
    MATRIX_ACCESS_TOKEN: hs.token,
    SYNC_BUDGET_SECONDS: "0.3",
    ...overrides,
  });
  const say = (body: string, sender = OWNER_ID) =>
    hs.addEvents(ROOM, [{ type: "m.room.message", sender, content: { msgtype: "m.text", body } }]);
  const answers = async () => (await hs.sent()).map((e) => answerText(e.content));
  return { hs, testEnv, say, answers };
}

/** Each test file shares one D1: start every test from a fresh sync position. */
async function resetSync() {
  await env.DB.prepare("DELETE FROM sync_state").run();
}

const syncRequests = (hs: FakeTenant) => hs.requests({ pathIncludes: "/sync" });

describe("sync mode", () => {
  it("does not replay history, then answers a new .ping exactly once", async () => {
    await resetSync();
    const { hs, testEnv, say, answers } = await syncSetup();
    await say(".ping");
    await runCron(testEnv);
    expect(await answers()).toEqual([]);

    const [pingId] = await say(".ping");
    await runCron(testEnv);
    await runCron(testEnv);
    const sent = await hs.sent();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.content["m.relates_to"]).toEqual({ rel_type: "m.replace", event_id: pingId });
    expect(await hs.filtersCreated()).toBe(1);
    const [send] = await hs.requests({ method: "PUT", pathIncludes: "/send/" });
    expect(send?.query.user_id).toBeUndefined();
  });

  it("answers once when two scheduled runs read the stream at the same time", async () => {
    await resetSync();
    const { testEnv, say, answers } = await syncSetup();
    await runCron(testEnv);
    await say(".ping");
    await Promise.all([runCron(testEnv), runCron(testEnv)]);
    await runCron(testEnv);
    expect(await answers()).toHaveLength(1);
  });

  it("answers once when a batch is read twice (a run that died before moving the position)", async () => {
    await resetSync();
    const { hs, testEnv, say, answers } = await syncSetup();
    await runCron(testEnv);
    const before = await env.DB.prepare("SELECT next_batch FROM sync_state").first<{
      next_batch: string;
    }>();
    await say(".ping");
    await runCron(testEnv);
    await env.DB.prepare("UPDATE sync_state SET next_batch = ?").bind(before?.next_batch).run();
    await runCron(testEnv);
    expect(await answers()).toHaveLength(1);
    expect(await hs.requests({ method: "PUT", pathIncludes: "/send/" })).toHaveLength(1);
  });

  it("does not replay the history of a room it has just joined", async () => {
    await resetSync();
    const { hs, testEnv, answers } = await syncSetup();
    await runCron(testEnv);
    const newRoom = `!${uid("r")}:test.local`;
    await hs.addEvents(newRoom, [
      { type: "m.room.message", sender: OWNER_ID, content: { msgtype: "m.text", body: ".ping" } },
      {
        type: "m.room.member",
        sender: OWNER_ID,
        state_key: OWNER_ID,
        content: { membership: "join" },
      },
      { type: "m.room.message", sender: OWNER_ID, content: { msgtype: "m.text", body: ".ping" } },
    ]);
    await runCron(testEnv);
    expect(await answers()).toHaveLength(1);
  });

  it("loses nothing to a 429 or a 500 in the middle", async () => {
    await resetSync();
    const { hs, testEnv, say, answers } = await syncSetup();
    await runCron(testEnv);
    await say(".ping");
    await hs.fault({ ...rateLimited(20, { pathIncludes: "/sync" }) });
    await hs.fault({ pathIncludes: "/sync", status: 500, times: 3 });
    await runCron(testEnv);
    await runCron(testEnv);
    expect(await answers()).toHaveLength(1);
  });

  it("stops on a revoked token without hammering, and resumes with a new one", async () => {
    await resetSync();
    const { hs, testEnv, say, answers } = await syncSetup();
    await runCron(testEnv);
    await hs.fault({
      pathIncludes: "/sync",
      status: 401,
      body: { errcode: "M_UNKNOWN_TOKEN", error: "revoked" },
      times: 1,
    });
    await say(".ping");
    await runCron(testEnv);
    const before = (await syncRequests(hs)).length;
    await runCron(testEnv);
    await runCron(testEnv);
    expect((await syncRequests(hs)).length).toBe(before);
    const state = await env.DB.prepare("SELECT stopped_reason FROM sync_state").first<{
      stopped_reason: string;
    }>();
    expect(state?.stopped_reason).toContain("M_UNKNOWN_TOKEN");

    // The stop is keyed on the token: once the owner puts a different one, sync tries again.
    await runCron(envFor(hs, { ...testEnv, MATRIX_ACCESS_TOKEN: `${hs.token}-new` }));
    expect((await syncRequests(hs)).length).toBeGreaterThan(before);
    expect(await answers()).toHaveLength(0);
  });

  it("answers once when both modes are configured and the event arrives both ways", async () => {
    await resetSync();
    const hs = await createTenant({ appservice: true });
    const testEnv = envFor(hs, { MATRIX_ACCESS_TOKEN: hs.token, SYNC_BUDGET_SECONDS: "0.3" });
    await runCron(testEnv);
    const [id] = await hs.addEvents(ROOM, [
      { type: "m.room.message", sender: OWNER_ID, content: { msgtype: "m.text", body: ".ping" } },
    ]);
    const event = {
      type: "m.room.message",
      event_id: id,
      room_id: ROOM,
      sender: OWNER_ID,
      origin_server_ts: Date.now(),
      content: { msgtype: "m.text", body: ".ping" },
    };
    await push(testEnv, uid("t"), [event]);
    await runCron(testEnv);
    expect(await hs.sent()).toHaveLength(1);
  });
});
