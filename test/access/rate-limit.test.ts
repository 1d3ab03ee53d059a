import { describe, expect, it } from "vitest";
import { createTenant } from "../helpers/homeserver";
import { envFor, message, OWNER_ID, push, uid } from "../helpers/worker";

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
});
