import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createTenant, type FakeTenant } from "../helpers/homeserver";
import { conversation, envFor, ROOM, runCron, uid } from "../helpers/worker";

const notices = async (hs: FakeTenant) =>
  (await hs.sent()).filter((e) => String(e.content.body).startsWith("⏰"));

async function grant(hs: FakeTenant, minutes = 1) {
  const guest = `@${uid("g")}:test.local`;
  const ask = conversation(hs);
  expect(await ask(`.tsec ${guest} info ${minutes}`)).toMatch(/now has/);
  const row = await env.DB.prepare("SELECT expires_at FROM tsec_grants WHERE user_id = ?")
    .bind(guest)
    .first();
  return { guest, expiresAt: Number(row?.expires_at) };
}

describe("tsec expiry notices", () => {
  it("posts nothing before expiry, then one notice with the display name, then removes the grant", async () => {
    const hs = await createTenant();
    const { guest, expiresAt } = await grant(hs);
    await hs.setProfile(guest, { displayname: "Guest Person" });

    await runCron(envFor(hs), expiresAt - 1_000);
    expect(await notices(hs)).toHaveLength(0);

    await runCron(envFor(hs), expiresAt + 1_000);
    await runCron(envFor(hs), expiresAt + 61_000);
    const sent = await notices(hs);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.room_id).toBe(ROOM);
    expect(sent[0]?.content.body).toBe(
      "⏰ | Guest Person, your time is up. you can no longer use the info command",
    );
    expect(sent[0]?.content["m.mentions"]).toEqual({ user_ids: [guest] });
    const left = await env.DB.prepare("SELECT count(*) AS n FROM tsec_grants WHERE user_id = ?")
      .bind(guest)
      .first();
    const outbox = await env.DB.prepare("SELECT count(*) AS n FROM tsec_notices WHERE user_id = ?")
      .bind(guest)
      .first();
    expect([left?.n, outbox?.n]).toEqual([0, 0]);
  });

  it("uses the localpart when the homeserver has no display name", async () => {
    const hs = await createTenant();
    const { guest, expiresAt } = await grant(hs);
    await runCron(envFor(hs), expiresAt + 1);
    const localpart = guest.slice(1).split(":")[0];
    expect((await notices(hs))[0]?.content.body).toBe(
      `⏰ | ${localpart}, your time is up. you can no longer use the info command`,
    );
  });

  it("keeps the notice when the send fails, and posts it exactly once on the next run", async () => {
    const hs = await createTenant();
    const { expiresAt } = await grant(hs);
    await hs.fault({ method: "PUT", pathIncludes: "/send/", status: 500, times: 4 });
    await runCron(envFor(hs), expiresAt + 1);
    expect(await notices(hs)).toHaveLength(0);

    await runCron(envFor(hs), expiresAt + 60_001);
    await runCron(envFor(hs), expiresAt + 120_001);
    expect(await notices(hs)).toHaveLength(1);
    const sends = await hs.requests({ method: "PUT", pathIncludes: "/send/" });
    const noticeTxnIds = new Set(sends.slice(1).map((r) => r.path.split("/").pop()));
    expect(noticeTxnIds.size).toBe(1);
  });

  it("posts once when a run died after sending but before clearing the outbox", async () => {
    const hs = await createTenant();
    const { guest, expiresAt } = await grant(hs);
    await runCron(envFor(hs), expiresAt + 1);
    // As if the first run had died before deleting the outbox row: the next run sends again.
    await env.DB.prepare(
      "INSERT INTO tsec_notices (user_id, command, expires_at, room_id) VALUES (?, 'info', ?, ?)",
    )
      .bind(guest, expiresAt, ROOM)
      .run();
    await runCron(envFor(hs), expiresAt + 60_001);
    expect(await hs.requests({ method: "PUT", pathIncludes: "/send/" })).toHaveLength(3);
    expect(await notices(hs)).toHaveLength(1);
  });

  it("does not double-post when two cron runs overlap", async () => {
    const hs = await createTenant();
    const { expiresAt } = await grant(hs);
    await hs.fault({ method: "PUT", pathIncludes: "/send/", delayMs: 100 });
    await Promise.all([runCron(envFor(hs), expiresAt + 1), runCron(envFor(hs), expiresAt + 2)]);
    await runCron(envFor(hs), expiresAt + 3);
    expect(await notices(hs)).toHaveLength(1);
    // The claim keeps the second run from even trying: one send for the grant's answer, one notice.
    expect(await hs.requests({ method: "PUT", pathIncludes: "/send/" })).toHaveLength(2);
  });
});

describe("housekeeping", () => {
  it("forgets audit rows after 90 days and dedupe records after a week", async () => {
    const hs = await createTenant();
    const now = Date.now();
    await env.DB.prepare(
      "INSERT INTO audit_log (at, actor, action) VALUES (?, 'x', 'old'), (?, 'x', 'recent')",
    )
      .bind(now - 91 * 86_400_000, now - 89 * 86_400_000)
      .run();
    await env.DB.prepare(
      "INSERT INTO processed_events (event_id, status, claimed_at) VALUES ('$old:hk', 'done', ?)",
    )
      .bind(now - 8 * 86_400_000)
      .run();
    await runCron(envFor(hs), now);
    const audit = await env.DB.prepare(
      "SELECT action FROM audit_log WHERE action IN ('old', 'recent')",
    ).all();
    expect(audit.results).toEqual([{ action: "recent" }]);
    expect(
      await env.DB.prepare("SELECT 1 FROM processed_events WHERE event_id = '$old:hk'").first(),
    ).toBeNull();
  });
});
