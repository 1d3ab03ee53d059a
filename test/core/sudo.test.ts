import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createTenant } from "../helpers/homeserver";
import { answerText, conversation, envFor, message, push, ROOM, uid } from "../helpers/worker";

const hs = await createTenant();
const user = () => `@${uid("u")}:test.local`;

const ask = conversation(hs);

describe(".sudo", () => {
  it("adds, lists and removes a sudo, saying so when there is nothing to do", async () => {
    const friend = user();
    expect(await ask(`.sudo add ${friend}`)).toBe(`👤 User ${friend} is now SUDO.`);
    expect(await ask(`.sudo add ${friend}`)).toBe(`👤 User ${friend} is already SUDO.`);
    expect(await ask(".sudo list")).toContain(friend);
    expect(await ask(".info", { sender: friend })).toContain("MXUserbot");
    expect(await ask(".sudo list", { sender: friend })).toBeNull();
    expect(await ask(`.sudo rm ${friend}`)).toBe(`👤 User ${friend} is no longer SUDO.`);
    expect(await ask(`.sudo rm ${friend}`)).toBe(`👤 User ${friend} is not SUDO.`);
    expect(await ask(".info", { sender: friend })).toBeNull();
  });

  it("audits every change with who, what and when", async () => {
    const friend = user();
    await ask(`.sudo add ${friend}`);
    await ask(`.sudo rm ${friend}`);
    const rows = await env.DB.prepare(
      "SELECT actor, action FROM audit_log WHERE target = ? ORDER BY id",
    )
      .bind(friend)
      .all();
    expect(rows.results).toEqual([
      { actor: "@owner:test.local", action: "sudo.add" },
      { actor: "@owner:test.local", action: "sudo.rm" },
    ]);
  });

  it("refuses invalid MXIDs and stores nothing", async () => {
    expect(await ask(".sudo add @nocolon")).toMatch(/not a valid Matrix ID/);
    expect(await ask(".sudo add")).toMatch(/who\?/);
    expect(await ask(".sudo frobnicate @a:b")).toMatch(/add, rm or list/);
    const row = await env.DB.prepare("SELECT * FROM sudos WHERE user_id = '@nocolon'").first();
    expect(row).toBeNull();
  });

  it("is silent to a stranger", async () => {
    expect(await ask(`.sudo add ${user()}`, { sender: user() })).toBeNull();
  });

  it("takes the target from a pill", async () => {
    const friend = user();
    const answer = await ask(".sudo add Friend Name", {
      content: {
        format: "org.matrix.custom.html",
        formatted_body: `.sudo add <a href="https://matrix.to/#/${encodeURIComponent(friend)}">Friend Name</a>`,
      },
    });
    expect(answer).toBe(`👤 User ${friend} is now SUDO.`);
  });

  it("takes the target from m.mentions", async () => {
    const friend = user();
    const answer = await ask(".sudo add", { content: { "m.mentions": { user_ids: [friend] } } });
    expect(answer).toBe(`👤 User ${friend} is now SUDO.`);
  });

  it("takes the target from the sender of the replied-to message", async () => {
    const friend = user();
    const [original] = await hs.addEvents(ROOM, [
      { type: "m.room.message", sender: friend, content: { msgtype: "m.text", body: "hi" } },
    ]);
    const answer = await ask(".sudo add", {
      content: { "m.relates_to": { "m.in_reply_to": { event_id: original } } },
    });
    expect(answer).toBe(`👤 User ${friend} is now SUDO.`);
  });

  it("falls back to the reply fallback's link when the replied-to event cannot be fetched", async () => {
    const friend = user();
    const answer = await ask("> <friend> hi\n\n.sudo add", {
      content: {
        "m.relates_to": { "m.in_reply_to": { event_id: "$gone:test.local" } },
        format: "org.matrix.custom.html",
        formatted_body: `<mx-reply><blockquote><a href="https://matrix.to/#/!r/$gone">In reply to</a> <a href="https://matrix.to/#/${friend}">${friend}</a><br>hi</blockquote></mx-reply>.sudo add`,
      },
    });
    expect(answer).toBe(`👤 User ${friend} is now SUDO.`);
  });

  it("does not make an owner a sudo", async () => {
    expect(await ask(".sudo add @coowner:test.local")).toMatch(/is an owner/);
  });

  it("answers the same after a retry that follows a saved change (no 'already SUDO')", async () => {
    const hs2 = await createTenant();
    const env2 = envFor(hs2);
    const friend = user();
    const event = message(`.sudo add ${friend}`);
    const txn = uid("t");
    await hs2.fault({ method: "PUT", pathIncludes: "/send/", status: 502, times: 4 });
    expect((await push(env2, txn, [event])).status).toBe(503);
    expect((await push(env2, txn, [event])).status).toBe(200);
    const sent = await hs2.sent();
    expect(sent.map((e) => answerText(e.content))).toEqual([`👤 User ${friend} is now SUDO.`]);
    const audits = await env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE target = ?")
      .bind(friend)
      .first();
    expect(audits?.n).toBe(1);
  });
});
