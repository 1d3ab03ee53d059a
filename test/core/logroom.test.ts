import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { finishLog } from "../../src/logroom/flush";
import { refusedReport } from "../../src/logroom/refused";
import type { Runtime } from "../../src/runtime";
import { defineModule, EVERYONE } from "../../src/sdk";
import { createTenant, type FakeTenant } from "../helpers/homeserver";
import { feed, runtimeWith } from "../helpers/modules";
import {
  answerText,
  conversation,
  countingD1,
  envFor,
  message,
  push,
  ROOM,
  runCron,
  uid,
} from "../helpers/worker";

const SECRET = "sk-live-0123456789abcdef";

const flaky = defineModule({
  name: "Flaky",
  config: { apiKey: { description: "the upstream API key" } },
  commands: {
    fail: {
      security: EVERYONE,
      run(ctx) {
        throw new Error(`upstream refused key ${String(ctx.config.get("apiKey"))}`);
      },
    },
  },
});

const stranger = () => `@${uid("s")}:test.local`;
const logRoom = () => `!${uid("log")}:test.local`;

/** The log room's messages (notices), each as its body. */
async function posts(hs: FakeTenant, room: string): Promise<string[]> {
  return (await hs.sent({ roomId: room }))
    .filter((e) => e.content.msgtype === "m.notice")
    .map((e) => String(e.content.body));
}

/** A transaction through the pipeline, then the end of the invocation, as the route does it. */
async function run(rt: Runtime, events: unknown[]): Promise<void> {
  await feed(rt, events, uid("t"));
  await finishLog(rt);
}

/** The log room posts at most once per 30 s: this makes the last post long ago. */
const afterAWhile = () =>
  env.DB.prepare("UPDATE log_lines SET posted_at = 1 WHERE posted_at > 1").run();

beforeEach(afterAWhile);

describe("the log room", () => {
  it("gets one message for a module error, an audit entry and a rate-limit drop", async () => {
    const hs = await createTenant();
    const rt = runtimeWith(envFor(hs, { RATE_LIMIT_BURST: "1" }), [flaky]);
    const room = logRoom();
    const friend = stranger();
    const noisy = stranger();
    await run(rt, [
      message(".logroom here", { room }),
      message(`.sudo add ${friend}`),
      message(".fail"),
      message(".ping", { sender: noisy }),
      message(".ping", { sender: noisy }),
    ]);
    const sent = await posts(hs, room);
    expect(sent).toHaveLength(1);
    const [post] = sent as [string];
    expect(post).toMatch(/^📋 \| 4 log line\(s\)/);
    expect(post).toContain(`audit: logroom.set log_room ${room} by @owner:test.local`);
    expect(post).toContain(`audit: sudo.add ${friend} by @owner:test.local`);
    expect(post).toContain("Flaky: .fail failed: Error: upstream refused key undefined");
    expect(post).toContain(`rate limit: dropping messages from ${noisy} for now`);
    // The bot's own post never runs anything, even with a command in it.
    const [event] = await hs.sent({ roomId: room, type: "m.room.message" });
    expect(event?.content["org.mxuserbot.sent"]).toBe(true);
  });

  it("holds lines back for 30 s after a post, then the cron posts them together", async () => {
    const hs = await createTenant();
    const ask = conversation(hs);
    const room = logRoom();
    await ask(".logroom here", { room });
    const a = stranger();
    const b = stranger();
    await ask(`.sudo add ${a}`);
    await ask(`.sudo add ${b}`);
    expect(await posts(hs, room)).toHaveLength(1);
    await runCron(envFor(hs), Date.now() + 31_000);
    const sent = await posts(hs, room);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toMatch(/^📋 \| 2 log line\(s\)/);
    expect(sent[1]).toContain(`sudo.add ${a}`);
    expect(sent[1]).toContain(`sudo.add ${b}`);
    // Nothing new: the next run posts nothing.
    await runCron(envFor(hs), Date.now() + 120_000);
    expect(await posts(hs, room)).toHaveLength(2);
  });

  it("stops with .logroom off, and starts afresh with .logroom here", async () => {
    const hs = await createTenant();
    const ask = conversation(hs);
    const room = logRoom();
    await ask(".logroom here", { room });
    expect(await ask(".logroom", { room })).toBe("📋 | The log room is this room");
    expect(await ask(".logroom off")).toMatch(/^📋 \| No log room/);
    expect(await ask(".logroom")).toBe("📋 | There is no log room");
    await afterAWhile();
    await ask(`.sudo add ${stranger()}`);
    await runCron(envFor(hs), Date.now() + 60_000);
    // Only the message for .logroom here (with its own audit line).
    expect(await posts(hs, room)).toHaveLength(1);

    // Back on elsewhere: what happened while it was off is history, not news.
    const next = logRoom();
    await afterAWhile();
    await ask(".logroom here", { room: next });
    const [post, ...rest] = await posts(hs, next);
    expect(rest).toEqual([]);
    expect(post).toMatch(/^📋 \| 1 log line\(s\)/);
    expect(post).toContain("logroom.set");
  });

  it("never shows a config value, and masks it in module errors", async () => {
    const hs = await createTenant();
    const rt = runtimeWith(envFor(hs), [flaky]);
    const room = logRoom();
    await run(rt, [message(".logroom here", { room })]);
    await afterAWhile();
    await run(rt, [message(`.cfg Flaky apiKey ${SECRET}`), message(".fail")]);
    await run(rt, [message(".logs")]);
    // (The answer to .cfg itself shows the value: the owner typed it in that room.)
    const logs = answerText((await hs.sent()).at(-1)?.content ?? {});
    expect(logs).toContain("audit: cfg.set Flaky apiKey by @owner:test.local");
    expect(logs).not.toContain(SECRET);
    const [, post] = await posts(hs, room);
    expect(post).not.toContain(SECRET);
    expect(post).toContain("audit: cfg.set Flaky apiKey by @owner:test.local");
    expect(post).toContain("Flaky: .fail failed: Error: upstream refused key ***");
    const stored = await env.DB.prepare("SELECT count(*) AS n FROM log_lines WHERE text LIKE ?")
      .bind(`%${SECRET}%`)
      .first();
    expect(stored?.n).toBe(0);
  });

  it("does not fail the transaction when the log room cannot be posted to", async () => {
    const hs = await createTenant();
    const testEnv = envFor(hs);
    const room = logRoom();
    const ask = conversation(hs);
    await ask(".logroom here", { room });
    await afterAWhile();
    await hs.fault({ pathIncludes: room, status: 403, times: 10 });
    const friend = stranger();
    const event = message(`.sudo add ${friend}`);
    expect((await push(testEnv, uid("t"), [event])).status).toBe(200);
    expect(await posts(hs, room)).toHaveLength(1);
    // The line is kept for .logs all the same.
    expect(await ask(".logs 3")).toContain(`sudo.add ${friend}`);
  });

  it("reports refused modules once per list", async () => {
    const hs = await createTenant();
    const refused = [{ file: "modules/evil.ts", name: "Evil", reasons: ["fetch is not allowed"] }];
    const rt = runtimeWith(envFor(hs), [], refused);
    const room = logRoom();
    await run(rt, [message(".logroom here", { room })]);
    for (const minutes of [1, 2]) {
      const now = Date.now() + minutes * 60_000;
      const before = await refusedReport(rt.d1, rt.registry, now);
      await finishLog(rt, { claim: true, before, now });
    }
    const sent = await posts(hs, room);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toContain("module Evil refused: fetch is not allowed");
  });

  it("reports a tsec notice that cannot be delivered", async () => {
    const hs = await createTenant();
    const ask = conversation(hs);
    const room = logRoom();
    await ask(".logroom here", { room });
    const guest = stranger();
    await ask(`.tsec ${guest} info 1`);
    const row = await env.DB.prepare("SELECT expires_at FROM tsec_grants WHERE user_id = ?")
      .bind(guest)
      .first<{ expires_at: number }>();
    await hs.fault({ pathIncludes: ROOM, status: 403, times: 1 });
    await runCron(envFor(hs), Number(row?.expires_at) + 60_000);
    const post = (await posts(hs, room)).at(-1);
    expect(post).toContain(`tsec notice for ${guest} (info) cannot be sent, dropping it`);
    expect(post).toContain(`audit: tsec.notice_failed ${guest} info`);
  });
});

describe("the log room, continued", () => {
  it("reports an event given up after three failures", async () => {
    const hs = await createTenant();
    const testEnv = envFor(hs);
    const room = logRoom();
    await conversation(hs)(".logroom here", { room });
    const ping = message(".ping");
    const txn = uid("t");
    // Every answer in ROOM fails for good (4 tries per attempt); the log room's sends do not.
    await hs.fault({ pathIncludes: ROOM, status: 500, times: 12 });
    expect((await push(testEnv, txn, [ping])).status).toBeGreaterThanOrEqual(500);
    expect((await push(testEnv, txn, [ping])).status).toBeGreaterThanOrEqual(500);
    expect((await push(testEnv, txn, [ping])).status).toBe(200);
    await runCron(testEnv, Date.now() + 31_000);
    const text = (await posts(hs, room)).join("\n");
    expect(text).toContain(`gave up on event ${ping.event_id} in ${ROOM} after 3 failed attempts`);
    expect(text).toContain(`transaction ${txn} failed, the homeserver will retry`);
  });

  it("keeps a storm to one message of bounded size", async () => {
    const hs = await createTenant();
    const rt = runtimeWith(envFor(hs), [flaky]);
    const room = logRoom();
    await run(rt, [message(".logroom here", { room })]);
    await afterAWhile();
    for (let i = 0; i < 150; i++) rt.log.error(`failure number ${i}: ${"x".repeat(400)}`);
    await finishLog(rt);
    const storm = (await hs.sent({ roomId: room }))
      .filter((e) => e.content.msgtype === "m.notice")
      .at(-1);
    const body = String(storm?.content.body);
    expect(body).toMatch(/^📋 \| 101 log line\(s\)\n… \d+ earlier line\(s\) not shown/);
    expect(body).toContain("… and 50 more line(s) in this invocation, not kept");
    expect(JSON.stringify(storm?.content).length).toBeLessThan(24_000);
  });
});

describe(".logs", () => {
  it("shows the last n lines, only a level and above if asked", async () => {
    const hs = await createTenant();
    const ask = conversation(hs, { RATE_LIMIT_BURST: "1" });
    const noisy = stranger();
    const friend = stranger();
    await ask(`.sudo add ${friend}`);
    await ask(".ping", { sender: noisy });
    await ask(".ping", { sender: noisy });
    await ask(`.sudo rm ${friend}`);

    const all = await ask(".logs 3");
    expect(all).toMatch(/^📋 \| The last 3 log line\(s\):/);
    expect(all).toContain(`sudo.add ${friend}`);
    expect(all).toContain(`dropping messages from ${noisy}`);
    expect(all).toContain(`sudo.rm ${friend}`);
    expect(all?.indexOf("sudo.add")).toBeLessThan(all?.indexOf("sudo.rm") ?? 0);

    const warnings = await ask(".logs 5 warn");
    expect(warnings).toMatch(/\(warn and above\):/);
    expect(warnings).toContain(`dropping messages from ${noisy}`);
    expect(warnings).not.toContain("audit:");
    expect(await ask(".logs error")).not.toContain("rate limit");
    expect(await ask(".logs lots")).toMatch(/^❌ \| lots is neither/);
  });

  it("is silent to a stranger, and so is .logroom", async () => {
    const hs = await createTenant();
    const ask = conversation(hs);
    const someone = stranger();
    expect(await ask(".logs", { sender: someone })).toBeNull();
    expect(await ask(".logroom here", { sender: someone })).toBeNull();
    expect(await ask(".logroom off", { sender: someone })).toBeNull();
  });
});

describe("cost", () => {
  it("adds no D1 round trip to chatter, a command or a drop, with a log room on", async () => {
    const hs = await createTenant();
    const room = logRoom();
    await conversation(hs)(".logroom here", { room });
    const db = countingD1(envFor(hs).DB);
    const testEnv = envFor(hs, { DB: db.d1, RATE_LIMIT_BURST: "1" });
    const someone = stranger();
    await push(
      testEnv,
      uid("t"),
      Array.from({ length: 20 }, (_, i) => message(`hello ${i}`, { sender: someone })),
    );
    expect(db.count()).toBe(1);
    db.reset();
    await push(testEnv, uid("t"), [message(".ping")]);
    expect(db.count()).toBe(3);
    await push(testEnv, uid("t"), [message(".ping", { sender: someone })]);
    await afterAWhile();
    db.reset();
    // Dropped: the warning rides in the batch that records the event, and goes out at once.
    await push(testEnv, uid("t"), [message(".ping", { sender: someone })]);
    expect(db.count()).toBe(3);
    expect((await posts(hs, room)).at(-1)).toContain(`dropping messages from ${someone}`);
  });
});
