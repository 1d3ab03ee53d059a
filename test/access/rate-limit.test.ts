import { env as cfEnv } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createTenant } from "../helpers/homeserver";
import { envFor, message, OWNER_ID, push, ROOM, uid } from "../helpers/worker";

describe("rate limit for non-owners", () => {
  it("answers a burst, drops the rest silently, and never limits owners", async () => {
    const hs = await createTenant();
    const env = envFor(hs, { RATE_LIMIT_BURST: "3", RATE_LIMIT_PER_MINUTE: "1" });
    const stranger = `@${uid("s")}:test.local`;
    for (let i = 0; i < 10; i++)
      await push(env, uid("t"), [message(".ping", { sender: stranger })]);
    expect(await hs.sent()).toHaveLength(3);

    const other = `@${uid("s")}:test.local`;
    await push(env, uid("t"), [message(".ping", { sender: other })]);
    expect(await hs.sent()).toHaveLength(4);

    for (let i = 0; i < 6; i++) await push(env, uid("t"), [message(".ping", { sender: OWNER_ID })]);
    expect(await hs.sent()).toHaveLength(10);
  });

  it("refills at the steady rate", async () => {
    const hs = await createTenant();
    // 6000/min is one token per 10 ms.
    const env = envFor(hs, { RATE_LIMIT_BURST: "1", RATE_LIMIT_PER_MINUTE: "6000" });
    const stranger = `@${uid("s")}:test.local`;
    await push(env, uid("t"), [message(".ping", { sender: stranger })]);
    await new Promise((r) => setTimeout(r, 50));
    await push(env, uid("t"), [message(".ping", { sender: stranger })]);
    expect(await hs.sent()).toHaveLength(2);
  });

  it("charges only when the bot acts: joins, chatter and denied commands cost nothing", async () => {
    const hs = await createTenant();
    const env = envFor(hs, { RATE_LIMIT_BURST: "2", RATE_LIMIT_PER_MINUTE: "1" });
    const newcomer = `@${uid("s")}:test.local`;
    const join = (i: number) => ({
      type: "m.room.member",
      event_id: `$${uid("join")}${i}:test.local`,
      room_id: ROOM,
      sender: newcomer,
      state_key: newcomer,
      origin_server_ts: Date.now(),
      content: { membership: "join" },
    });
    // Greeter (bundled) listens to EVERYONE's joins but is not configured: it never runs.
    for (let i = 0; i < 5; i++) await push(env, uid("t"), [join(i)]);
    for (let i = 0; i < 5; i++)
      await push(env, uid("t"), [message("hello there", { sender: newcomer })]);
    // .info is SUDO: denied to a stranger, silently and for free.
    for (let i = 0; i < 5; i++) await push(env, uid("t"), [message(".info", { sender: newcomer })]);
    expect(await hs.sent()).toHaveLength(0);

    await push(env, uid("t"), [message(`.sudo add ${newcomer}`)]);
    await push(env, uid("t"), [message(".info", { sender: newcomer })]);
    await push(env, uid("t"), [message(".ping", { sender: newcomer })]);
    const answers = await hs.sent();
    expect(answers).toHaveLength(3);
    expect(String(answers[1]?.content.body)).toMatch(/MXUserbot|version|Mode/i);
    // The burst of 2 is now used up.
    await push(env, uid("t"), [message(".ping", { sender: newcomer })]);
    expect(await hs.sent()).toHaveLength(3);
    const row = await cfEnv.DB.prepare("SELECT tokens FROM rate_limits WHERE sender = ?")
      .bind(newcomer)
      .first<{ tokens: number }>();
    expect(row?.tokens).toBeLessThan(1);
  });
});
