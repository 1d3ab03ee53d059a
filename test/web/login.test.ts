import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createTenant } from "../helpers/homeserver";
import { CO_OWNER_ID, call, conversation, envFor } from "../helpers/worker";
import { cookieOf, dashboard, shownAnswers } from "./dashboard";

const hs = await createTenant();
const web = dashboard(hs);
const STRANGER = "@stranger:test.local";

describe(".web", () => {
  it("answers the owner with a link that works once, for 5 minutes", async () => {
    const answer = await web.ask(".web");
    expect(answer).toMatch(
      /^🔑 \| Dashboard: https:\/\/bot\.test\/admin\/login\?token=[A-Za-z0-9_-]{43}\nIt works once, for 5 minutes\./,
    );
    const rows = await env.DB.prepare("SELECT token_hash, expires_at FROM web_logins").all<{
      token_hash: string;
      expires_at: number;
    }>();
    const token = answer?.match(/token=([^\s]+)/)?.[1] ?? "";
    const row = rows.results.at(-1);
    // Only a hash is stored, never the token itself.
    expect(rows.results.some((r) => r.token_hash.includes(token))).toBe(false);
    expect(row?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row?.expires_at).toBeGreaterThan(Date.now() + 4 * 60_000);
    expect(row?.expires_at).toBeLessThanOrEqual(Date.now() + 5 * 60_000);
  });

  it("tells the owner to set PUBLIC_URL when it is not set, and stores nothing", async () => {
    const ask = conversation(hs);
    const before = await env.DB.prepare("SELECT count(*) AS n FROM web_logins").first("n");
    expect(await ask(".web")).toMatch(/Set PUBLIC_URL to this Worker's https URL/);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM web_logins").first("n")).toBe(before);
  });

  it("is silent to anyone who is not an owner, even a sudo", async () => {
    await web.ask(`.sudo add ${STRANGER}`);
    expect(await web.ask(".web", { sender: STRANGER })).toBeNull();
    await web.ask(`.sudo rm ${STRANGER}`);
  });

  it("refuses a PUBLIC_URL that is not an https address", async () => {
    const refused = await call(envFor(hs, { PUBLIC_URL: "http://bot.example.org" }), "/");
    expect(refused.status).toBe(503);
    expect(await refused.text()).toMatch(/PUBLIC_URL must be the Worker's https address/);
  });
});

describe("logging in", () => {
  it("shows a login button for a live link without using it up", async () => {
    const token = await web.link();
    for (let i = 0; i < 2; i++) {
      const response = await web.get(`/admin/login?token=${token}`);
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain('action="/admin/login"');
      expect(html).toContain(`value="${token}"`);
    }
    expect((await web.post("/admin/login", { token })).status).toBe(303);
  });

  it("exchanges the link for a session cookie: HttpOnly, Secure, SameSite=Strict, /admin, 12 h", async () => {
    const token = await web.link();
    const response = await web.post("/admin/login", { token });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/admin");
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^mxub_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("Secure");
    expect(cookie).toContain("SameSite=Strict");
    expect(cookie).toContain("Path=/admin");
    expect(cookie).toContain("Max-Age=43200");
    const session = cookieOf(response) ?? "";
    const stored = await env.DB.prepare(
      "SELECT id_hash, user_id, expires_at FROM web_sessions",
    ).all<{ id_hash: string; user_id: string; expires_at: number }>();
    expect(stored.results.some((r) => r.id_hash.includes(session))).toBe(false);
    const status = await web.page("/admin", session);
    expect(status.status).toBe(200);
    expect(status.html).toContain("MXUserbot 0.1.0");
    const audit = await env.DB.prepare(
      "SELECT actor, event_id FROM audit_log WHERE action = 'web.login' ORDER BY id DESC",
    ).first<{ actor: string; event_id: string }>();
    expect(audit?.actor).toBe("@owner:test.local");
    expect(audit?.event_id).toMatch(/^web:/);
  });

  it("works once: the same link again gets nowhere", async () => {
    const token = await web.link();
    expect((await web.post("/admin/login", { token })).status).toBe(303);
    const again = await web.post("/admin/login", { token });
    expect(again.status).toBe(401);
    expect(cookieOf(again)).toBeUndefined();
    expect(await again.text()).toContain("A login link works once, for 5 minutes");
    expect((await web.get(`/admin/login?token=${token}`)).status).toBe(401);
  });

  it("refuses an expired link", async () => {
    const token = await web.link();
    await env.DB.prepare("UPDATE web_logins SET expires_at = ? WHERE expires_at > ?")
      .bind(Date.now() - 1, Date.now())
      .run();
    const response = await web.post("/admin/login", { token });
    expect(response.status).toBe(401);
    expect(cookieOf(response)).toBeUndefined();
  });

  it("refuses a made-up token, and a login form from another site", async () => {
    expect((await web.post("/admin/login", { token: "made-up" })).status).toBe(401);
    const token = await web.link();
    const forged = await web.post("/admin/login", { token }, { origin: "https://evil.example" });
    expect(forged.status).toBe(403);
    // The refused attempt did not use the link up.
    expect((await web.post("/admin/login", { token })).status).toBe(303);
  });

  it("limits login attempts per address", async () => {
    const from = { "cf-connecting-ip": "203.0.113.9" };
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++)
      statuses.push((await web.post("/admin/login", { token: `guess${i}` }, from)).status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    // Even a good link waits, from that address; others are not held up.
    const token = await web.link();
    expect((await web.post("/admin/login", { token }, from)).status).toBe(429);
    expect((await web.post("/admin/login", { token })).status).toBe(303);
  });
});

describe("a session", () => {
  it("is required by every page and action", async () => {
    for (const path of [
      "/admin",
      "/admin/modules",
      "/admin/access",
      "/admin/audit",
      "/admin/backup",
    ]) {
      const response = await web.get(path);
      expect(response.status, path).toBe(401);
      expect(await response.text()).toContain("Type .web in a Matrix room");
      expect((await web.get(path, "not-a-session")).status, path).toBe(401);
    }
    for (const path of [
      "/admin/access",
      "/admin/modules",
      "/admin/backup/download",
      "/admin/logout",
    ]) {
      const response = await web.post(path, { action: "sudo.add", user: "@x:test.local" });
      expect(response.status, path).toBe(401);
    }
    expect(
      await env.DB.prepare("SELECT 1 FROM sudos WHERE user_id = '@x:test.local'").first(),
    ).toBeNull();
  });

  it("ends after 12 hours", async () => {
    const session = await web.login();
    expect((await web.get("/admin", session)).status).toBe(200);
    await env.DB.prepare("UPDATE web_sessions SET expires_at = ?")
      .bind(Date.now() - 1)
      .run();
    expect((await web.get("/admin", session)).status).toBe(401);
  });

  it("ends at logout", async () => {
    const session = await web.login();
    const out = await web.submit("/admin/logout", session, {}, "/admin");
    expect(out.status).toBe(200);
    expect(out.response.headers.get("set-cookie")).toMatch(/^mxub_session=;.*Max-Age=0/);
    expect((await web.get("/admin", session)).status).toBe(401);
    const audit = await env.DB.prepare(
      "SELECT 1 FROM audit_log WHERE action = 'web.logout'",
    ).first();
    expect(audit).not.toBeNull();
  });

  it("ends for everyone with .web revoke", async () => {
    const one = await web.login();
    const two = await web.login({ sender: CO_OWNER_ID });
    const unused = await web.link();
    expect(await web.ask(".web revoke")).toBe(
      "🔑 | Every dashboard session has ended, and unused links no longer work.",
    );
    expect((await web.get("/admin", one)).status).toBe(401);
    expect((await web.get("/admin", two)).status).toBe(401);
    expect((await web.post("/admin/login", { token: unused })).status).toBe(401);
  });

  it("ends when its owner is no longer an owner", async () => {
    const session = await web.login({ sender: CO_OWNER_ID });
    expect((await web.get("/admin", session)).status).toBe(200);
    const without = dashboard(hs, { OWNERS: "" });
    expect((await without.get("/admin", session)).status).toBe(401);
  });

  it("refuses a change without the CSRF token, from another origin, or from another site", async () => {
    const session = await web.login();
    const { csrf } = await web.page("/admin/access", session);
    const user = "@csrf:test.local";
    const fields = { action: "sudo.add", user, request: crypto.randomUUID() };
    const cookie = { cookie: `mxub_session=${session}` };
    const attempts = [
      web.post("/admin/access", fields, cookie),
      web.post("/admin/access", { ...fields, csrf: "0".repeat(64) }, cookie),
      web.post(
        "/admin/access",
        { ...fields, csrf: csrf ?? "" },
        { ...cookie, origin: "https://evil.example" },
      ),
      web.post("/admin/access", { ...fields, csrf: csrf ?? "" }, { ...cookie, origin: "" }),
      web.post(
        "/admin/access",
        { ...fields, csrf: csrf ?? "" },
        { ...cookie, "sec-fetch-site": "cross-site" },
      ),
    ];
    for (const response of await Promise.all(attempts)) expect(response.status).toBe(403);
    expect(
      await env.DB.prepare("SELECT 1 FROM sudos WHERE user_id = ?").bind(user).first(),
    ).toBeNull();
    // Another session's token is not this one's.
    const other = await web.login();
    const { csrf: otherCsrf } = await web.page("/admin/access", other);
    expect(otherCsrf).not.toBe(csrf);
    const crossed = await web.post("/admin/access", { ...fields, csrf: otherCsrf ?? "" }, cookie);
    expect(crossed.status).toBe(403);
    // With everything right, it goes through.
    const ok = await web.post("/admin/access", { ...fields, csrf: csrf ?? "" }, cookie);
    expect(ok.status).toBe(200);
    expect(shownAnswers(await ok.text())).toEqual([`👤 User ${user} is now SUDO.`]);
  });

  it("sends pages that are never cached, framed or scripted", async () => {
    const session = await web.login();
    const response = await web.get("/admin", session);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("referrer-policy")).toBe("same-origin");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(await response.text()).not.toContain("<script");
  });

  it("never shows a token on any page", async () => {
    const session = await web.login();
    for (const path of [
      "/admin",
      "/admin/modules",
      "/admin/access",
      "/admin/audit",
      "/admin/backup",
    ]) {
      const html = (await web.page(path, session)).html;
      for (const secret of [hs.token, "hs-token-for-tests", session])
        expect(html, path).not.toContain(secret);
    }
  });
});
