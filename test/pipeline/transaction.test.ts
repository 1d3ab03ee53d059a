import { describe, expect, it } from "vitest";
import { createTenant, rateLimited, type SentEvent } from "../helpers/homeserver";
import {
  answeredEventId,
  countingD1,
  envFor,
  message,
  OWNER_ID,
  push,
  ROOM,
  uid,
} from "../helpers/worker";

/** A fresh stranger per use: each has a rate-limit bucket of its own. */
const stranger = () => `@${uid("s")}:test.local`;
const PONG = /^🏓 \| Pong! └ \d+ ms$/;

type Content = Record<string, unknown> & {
  "m.new_content"?: { body: string };
  "m.relates_to"?: Record<string, unknown>;
};
const content = (e: SentEvent) => e.content as Content;

describe("transactions", () => {
  it("answers .ping from the owner by editing the command, exactly once when pushed twice", async () => {
    const hs = await createTenant();
    const env = envFor(hs);
    const ping = message(".ping");
    const txn = uid("t");
    expect((await push(env, txn, [ping])).status).toBe(200);
    expect((await push(env, txn, [ping])).status).toBe(200);

    const sent = await hs.sent();
    expect(sent).toHaveLength(1);
    const edit = content(sent[0] as SentEvent);
    expect(edit["m.relates_to"]).toEqual({ rel_type: "m.replace", event_id: ping.event_id });
    expect(edit["m.new_content"]?.body).toMatch(PONG);
    expect(edit.body).toMatch(/^\* 🏓/);
    expect(edit.formatted_body).toContain("<b>Pong!</b>");
    const [send] = await hs.requests({ method: "PUT", pathIncludes: "/send/" });
    expect(send?.query.user_id).toBe(OWNER_ID);
    expect(send?.auth).toBe("header");
  });

  it("answers the same event once even when it comes in two transactions", async () => {
    const hs = await createTenant();
    const env = envFor(hs);
    const ping = message(".ping");
    await push(env, uid("t"), [ping]);
    await push(env, uid("t"), [ping]);
    expect(await hs.sent()).toHaveLength(1);
  });

  it("replies to anyone else, mentioning them", async () => {
    const STRANGER = stranger();
    const hs = await createTenant();
    const ping = message(".ping", { sender: STRANGER });
    await push(envFor(hs), uid("t"), [ping]);
    const [reply] = await hs.sent();
    expect(content(reply as SentEvent)["m.relates_to"]).toEqual({
      "m.in_reply_to": { event_id: ping.event_id },
    });
    expect(content(reply as SentEvent).body).toMatch(PONG);
    expect(content(reply as SentEvent)["m.mentions"]).toEqual({ user_ids: [STRANGER] });
  });

  it("processes events in order", async () => {
    const STRANGER = stranger();
    const hs = await createTenant();
    const a = message(".ping", { sender: STRANGER });
    const b = message(".help", { sender: STRANGER });
    const c = message(".ping");
    await push(envFor(hs), uid("t"), [a, b, c]);
    const replied = (await hs.sent()).map((e) => answeredEventId(e.content));
    expect(replied).toEqual([a.event_id, b.event_id, c.event_id]);
  });

  it("never answers the bot's own answers, but does run the owner's typed commands", async () => {
    const hs = await createTenant();
    const env = envFor(hs);
    await push(env, uid("t"), [message(".ping")]);
    const [answer] = await hs.sent();
    const echo = { ...message("x"), event_id: answer?.event_id, content: answer?.content };
    const replyEcho = message(".ping from a module", { content: { "org.mxuserbot.sent": true } });
    await push(env, uid("t"), [echo, replyEcho]);
    expect(await hs.sent()).toHaveLength(1);
  });

  it("ignores edits, other prefixes and strangers' unknown commands; tells the owner", async () => {
    const hs = await createTenant();
    const edit = message("* .ping", {
      content: {
        "m.new_content": { body: ".ping", msgtype: "m.text" },
        "m.relates_to": { rel_type: "m.replace", event_id: "$x" },
      },
    });
    const stranger = message(".nosuch", { sender: `@${uid("s")}:test.local` });
    await push(envFor(hs), uid("t"), [
      message("..."),
      message(".5"),
      message("!ping"),
      edit,
      stranger,
    ]);
    expect(await hs.sent()).toHaveLength(0);
    const owners = message(".nosuch");
    await push(envFor(hs), uid("t"), [owners]);
    const [answer] = await hs.sent();
    expect(content(answer as SentEvent)["m.new_content"]?.body).toBe(
      "❓ | Unknown command .nosuch. Try .help",
    );
  });

  it("strips the reply fallback before reading a command", async () => {
    const STRANGER = stranger();
    const hs = await createTenant();
    const reply = message("> <@a:test.local> hi\n\n.ping", {
      sender: STRANGER,
      content: { "m.relates_to": { "m.in_reply_to": { event_id: "$orig" } } },
    });
    await push(envFor(hs), uid("t"), [reply]);
    expect(await hs.sent()).toHaveLength(1);
  });

  it("honours COMMAND_PREFIX", async () => {
    const hs = await createTenant();
    const env = envFor(hs, { COMMAND_PREFIX: "!" });
    await push(env, uid("t"), [message(".ping"), message("!ping")]);
    expect(await hs.sent()).toHaveLength(1);
  });
});

describe(".help", () => {
  it("lists what a stranger may run, and details one command", async () => {
    const STRANGER = stranger();
    const hs = await createTenant();
    const env = envFor(hs);
    await push(env, uid("t"), [
      message(".help", { sender: STRANGER }),
      message(".help ping", { sender: STRANGER }),
    ]);
    const [list, detail] = (await hs.sent()).map((e) => String(content(e).body));
    expect(list).toContain("Core — Built-in commands: .help, .ping");
    expect(detail).toContain(".ping");
    expect(detail).toContain("Level: EVERYONE");
  });

  it("says so for an unknown topic", async () => {
    const hs = await createTenant();
    await push(envFor(hs), uid("t"), [message(".help nosuch")]);
    const [answer] = await hs.sent();
    expect(content(answer as SentEvent)["m.new_content"]?.body).toContain(
      "No command or module named nosuch",
    );
  });
});

describe("homeserver faults", () => {
  it("waits out a 429 and answers exactly once", async () => {
    const hs = await createTenant();
    await hs.fault(rateLimited(30, { method: "PUT", pathIncludes: "/send/" }));
    expect((await push(envFor(hs), uid("t"), [message(".ping")])).status).toBe(200);
    expect(await hs.sent()).toHaveLength(1);
    expect(await hs.requests({ pathIncludes: "/send/" })).toHaveLength(2);
  });

  it("fails the transaction on lasting 5xx, and answers once when the homeserver retries it", async () => {
    const hs = await createTenant();
    const env = envFor(hs);
    const txn = uid("t");
    const ping = message(".ping");
    await hs.fault({ method: "PUT", pathIncludes: "/send/", status: 500, times: 4 });
    const failed = await push(env, txn, [ping]);
    expect(failed.status).toBeGreaterThanOrEqual(500);
    expect(await hs.sent()).toHaveLength(0);

    expect((await push(env, txn, [ping])).status).toBe(200);
    expect((await push(env, txn, [ping])).status).toBe(200);
    expect(await hs.sent()).toHaveLength(1);
    const sends = await hs.requests({ pathIncludes: "/send/" });
    expect(new Set(sends.map((r) => r.path)).size).toBe(1);
  });

  it("retries network errors and slow answers", async () => {
    const hs = await createTenant();
    await hs.fault({ method: "PUT", pathIncludes: "/send/", drop: true });
    await hs.fault({ method: "PUT", pathIncludes: "/send/", delayMs: 50 });
    expect((await push(envFor(hs), uid("t"), [message(".ping")])).status).toBe(200);
    expect(await hs.sent()).toHaveLength(1);
  });
});

describe("D1 round trips", () => {
  it("costs one for chatter, and two before the handler plus one record for a command", async () => {
    const STRANGER = stranger();
    const hs = await createTenant();
    const db = countingD1(envFor(hs).DB);
    const env = envFor(hs, { DB: db.d1 });
    const chatter = Array.from({ length: 50 }, (_, i) =>
      message(`hello ${i}`, { sender: STRANGER }),
    );
    await push(env, uid("t"), chatter);
    expect(db.count()).toBe(1);

    db.reset();
    await push(env, uid("t"), [
      ...chatter.slice(0, 5).map((e) => ({ ...e, event_id: `${e.event_id}b` })),
      message(".ping"),
    ]);
    expect(db.count()).toBe(3);
    expect(await hs.sent({ roomId: ROOM })).toHaveLength(1);
  });
});

describe("duplicates inside one transaction", () => {
  it("answers an event listed twice in the same transaction once, with a 200", async () => {
    const hs = await createTenant();
    const ping = message(".ping");
    expect((await push(envFor(hs), uid("t"), [ping, ping])).status).toBe(200);
    expect(await hs.sent()).toHaveLength(1);
  });
});
