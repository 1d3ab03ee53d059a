import { env } from "cloudflare:test";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { createTenant } from "../helpers/homeserver";
import { call, ROOM, uid } from "../helpers/worker";
import { dashboard, decode, shownAnswers, shownProblem } from "./dashboard";

const hs = await createTenant();
const web = dashboard(hs, { ALLOW_LOOPBACK_SOURCES: "true" });
const user = () => `@${uid("u")}:test.local`;
let session = "";

beforeAll(async () => {
  session = await web.login();
});

const access = (fields: Record<string, string>) =>
  web
    .submit("/admin/access", session, fields)
    .then((r) => ({ ...r, answers: shownAnswers(r.html) }));
const modules = (fields: Record<string, string>) =>
  web
    .submit("/admin/modules", session, fields)
    .then((r) => ({ ...r, answers: shownAnswers(r.html) }));

const auditRows = (target: string) =>
  env.DB.prepare("SELECT actor, action, event_id FROM audit_log WHERE target = ? ORDER BY id")
    .bind(target)
    .all<{ actor: string; action: string; event_id: string }>()
    .then((r) => r.results);

describe("the access page", () => {
  it("adds and removes a sudo as .sudo does: the same answer, state and audit", async () => {
    const friend = user();
    const added = await access({ action: "sudo.add", user: friend });
    expect(added.status).toBe(200);
    expect(added.answers).toEqual([`👤 User ${friend} is now SUDO.`]);
    expect(added.html).toContain(`<td>${friend}</td>`);
    expect(await web.ask(".sudo list")).toContain(friend);
    expect(await web.ask(".info", { sender: friend })).toContain("MXUserbot");
    expect((await access({ action: "sudo.add", user: friend })).answers).toEqual([
      `👤 User ${friend} is already SUDO.`,
    ]);

    expect((await access({ action: "sudo.rm", user: friend })).answers).toEqual([
      `👤 User ${friend} is no longer SUDO.`,
    ]);
    expect(await web.ask(".sudo list")).not.toContain(friend);
    const rows = await auditRows(friend);
    expect(rows.map((r) => [r.actor, r.action])).toEqual([
      ["@owner:test.local", "sudo.add"],
      ["@owner:test.local", "sudo.rm"],
    ]);
    for (const row of rows) expect(row.event_id).toMatch(/^web:[0-9a-f-]{36}$/);
  });

  it("changes things once when the same form is sent twice", async () => {
    const friend = user();
    const { csrf } = await web.page("/admin/access", session);
    const form = {
      csrf: csrf ?? "",
      request: crypto.randomUUID(),
      action: "sudo.add",
      user: friend,
    };
    const headers = { cookie: `mxub_session=${session}` };
    const first = shownAnswers(await (await web.post("/admin/access", form, headers)).text());
    const second = shownAnswers(await (await web.post("/admin/access", form, headers)).text());
    expect(first).toEqual([`👤 User ${friend} is now SUDO.`]);
    expect(second).toEqual(first);
    expect(await auditRows(friend)).toHaveLength(1);
  });

  it("answers a mistake with the command's usage answer, and runs nothing for a bad field", async () => {
    expect((await access({ action: "sudo.add", user: "@nocolon" })).answers[0]).toMatch(
      /^❌ \| @nocolon is not a valid Matrix ID/,
    );
    expect((await access({ action: "sudo.add", user: "" })).answers[0]).toMatch(
      /^❌ \| who\?.*\nUsage: \.sudo add\|rm\|list/s,
    );
    const spaced = await access({ action: "sudo.add", user: "@a:test.local rm" });
    expect(shownProblem(spaced.html)).toBe("❌ | user must be one word, without spaces");
    expect(spaced.answers).toEqual([]);
    const foreign = await access({ action: "modules.disable", module: "Notes" });
    expect(shownProblem(foreign.html)).toMatch(/This page has no action modules\.disable/);
    expect(await web.ask(".modules")).not.toContain("Notes 1.0.0 (disabled)");
  });

  it("grants and revokes module access as .modaccess does", async () => {
    const friend = user();
    expect(
      (await access({ action: "modaccess.add", user: friend, target: "Notes" })).answers,
    ).toEqual([`🔑 | ${friend} may now use module Notes.`]);
    expect(await web.ask(`.modaccess list ${friend}`)).toContain(`${friend}: Notes (module)`);
    expect(
      (await access({ action: "modaccess.add", user: friend, target: "sudo" })).answers[0],
    ).toMatch(/OWNER/);
    expect(
      (await access({ action: "modaccess.rm", user: friend, target: "Notes" })).answers,
    ).toEqual([`🔑 | ${friend} may no longer use Notes.`]);
    expect(await web.ask(`.modaccess list ${friend}`)).toBe("🔑 | Module access: none");
  });

  it("grants tsec with time left, noticed in the room of .web, and takes it back", async () => {
    const friend = user();
    const granted = await access({
      action: "tsec.add",
      user: friend,
      command: "info",
      minutes: "90",
    });
    expect(granted.answers).toEqual([`⏱ ${friend} now has 90 min. for command info`]);
    expect(granted.html).toContain("1 h 30 min left");
    expect(await web.ask(".tsec list")).toContain(`${friend}: .info, 90 min. left`);
    const grant = await env.DB.prepare("SELECT room_id FROM tsec_grants WHERE user_id = ?")
      .bind(friend)
      .first("room_id");
    expect(grant).toBe(ROOM);
    expect(await web.ask(".info", { sender: friend })).toContain("MXUserbot");
    expect((await access({ action: "tsec.rm", user: friend, command: "info" })).answers).toEqual([
      `⏱ | ${friend} can no longer use .info.`,
    ]);
    expect(await web.ask(".info", { sender: friend })).toBeNull();
  });

  it("sends nothing to the room: answers are for the page", async () => {
    const before = (await hs.sent()).length;
    await access({ action: "sudo.add", user: user() });
    expect((await hs.sent()).length).toBe(before);
  });
});

describe("the modules page", () => {
  it("disables and enables a module as .modules does", async () => {
    const off = await modules({ action: "modules.disable", module: "Notes" });
    expect(off.answers).toEqual(["📦 | Notes is disabled."]);
    expect(off.html).toContain("Enable Notes");
    expect(await web.ask(".modules")).toContain("Notes 1.0.0 (disabled)");
    expect(await web.ask(".note x y")).toMatch(/belongs to Notes, which is disabled/);
    const on = await modules({ action: "modules.enable", module: "Notes" });
    expect(on.answers).toEqual(["📦 | Notes is enabled."]);
    expect(on.html).toContain("Disable Notes");
    expect(await web.ask(".modules")).not.toContain("(disabled)");
    const rows = await env.DB.prepare(
      "SELECT action FROM audit_log WHERE action LIKE 'modules.%able' AND event_id LIKE 'web:%' ORDER BY id",
    ).all();
    expect(rows.results.map((r) => r.action)).toEqual(["modules.disable", "modules.enable"]);
  });

  it("sets config with the module's own check, as .cfg does", async () => {
    const bad = await modules({ action: "cfg.set", module: "Notes", key: "maxNotes", value: "-3" });
    expect(bad.answers).toEqual(["❌ | Notes.maxNotes: must be a positive whole number"]);
    const good = await modules({ action: "cfg.set", module: "Notes", key: "maxNotes", value: "7" });
    expect(good.answers).toEqual(["✅ | Notes: maxNotes = 7 — How many notes to keep"]);
    expect(await web.ask(".cfg Notes maxNotes")).toBe(
      "⚙️ | Notes: maxNotes = 7 — How many notes to keep",
    );
    const unset = await modules({
      action: "cfg.set",
      module: "Notes",
      key: "maxNotes",
      unset: "1",
    });
    expect(unset.answers).toEqual(["✅ | Notes: maxNotes = 50 — How many notes to keep"]);
  });

  it("previews a module, installs exactly the confirmed file, and removes it", async () => {
    const source = `import { defineModule, EVERYONE } from "mxuserbot";
export default defineModule({
  name: "WebHello",
  version: "1.0.0",
  description: "Says hello",
  commands: { webhello: { security: EVERYONE, async run(ctx) { await ctx.respond("hello from the web"); } } },
});
`;
    const url = `${inject("filesUrl")}/files/${uid("web")}.ts`;
    await fetch(url, { method: "PUT", body: source });
    const preview = await modules({ action: "modules.install", url });
    expect(preview.answers[0]).toContain("📦 | WebHello 1.0.0 — Says hello");
    const sha = preview.answers[0]?.match(/--sha256 ([0-9a-f]{64})/)?.[1] ?? "";
    expect(decode(preview.html)).toContain(`value="${sha}"`);
    expect(await web.ask(".webhello")).toMatch(/Unknown command/);

    const installed = await modules({ action: "modules.install", url, sha256: sha });
    expect(installed.answers[0]).toMatch(/^✅ \| WebHello 1\.0\.0 is installed/);
    expect(installed.html).toContain("Remove WebHello");
    expect(await web.ask(".webhello")).toBe("hello from the web");

    const removed = await modules({ action: "modules.remove", module: "WebHello", purge: "1" });
    expect(removed.answers).toEqual(["🗑 | WebHello is removed, with its data and config."]);
    expect(await web.ask(".webhello")).toMatch(/Unknown command/);
    const rows = await auditRows("WebHello");
    expect(rows.map((r) => r.action)).toEqual(["modules.install", "modules.remove"]);
  });
});

describe("the read-only pages", () => {
  it("status shows the version, mode, runner, homeserver and modules", async () => {
    const { html } = await web.page("/admin", session);
    const text = decode(html);
    expect(text).toContain("MXUserbot 0.1.0");
    expect(text).toContain("appservice");
    expect(text).toContain("sandbox: each module in its own isolate");
    expect(text).toMatch(/reachable \(spec v1\.11\)/);
    expect(text).toContain("Greeter");
  });

  it("the audit log shows the dashboard's changes and filters by who and kind", async () => {
    const friend = user();
    await access({ action: "sudo.add", user: friend });
    const all = decode((await web.page("/admin/audit", session)).html);
    expect(all).toContain(friend);
    expect(all).toMatch(/web:[0-9a-f-]{36}/);
    const sudoOnly = decode((await web.page("/admin/audit?kind=sudo", session)).html);
    expect(sudoOnly).toContain(friend);
    expect(sudoOnly).not.toContain("<code>modules.");
    const nobody = decode(
      (await web.page("/admin/audit?actor=%40nobody%3Atest.local", session)).html,
    );
    expect(nobody).toContain("Nothing yet.");
  });
});

describe("the backup page", () => {
  it("downloads the backup document and restores an uploaded one", async () => {
    const keep = user();
    const drop = user();
    await access({ action: "sudo.add", user: keep });
    const download = await web.submit("/admin/backup/download", session, {}, "/admin/backup");
    expect(download.status).toBe(200);
    expect(download.response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="mxuserbot-backup-.*\.json"$/,
    );
    const doc = JSON.parse(download.html) as {
      format: string;
      tables: { sudos: { user_id: string }[] };
    };
    expect(doc.format).toBe("mxuserbot-backup");
    expect(doc.tables.sudos.map((s) => s.user_id)).toContain(keep);

    await access({ action: "sudo.add", user: drop });
    expect(await web.ask(".sudo list")).toContain(drop);
    const { csrf } = await web.page("/admin/backup", session);
    const form = new FormData();
    form.set("csrf", csrf ?? "");
    form.set("request", crypto.randomUUID());
    form.set("confirm", "1");
    form.set("file", new File([download.html], "backup.json", { type: "application/json" }));
    const restored = await call(web.env, "/admin/backup/restore", {
      method: "POST",
      headers: { origin: "https://bot.test", cookie: `mxub_session=${session}` },
      body: form,
    });
    expect(restored.status).toBe(200);
    expect(shownAnswers(await restored.text())[0]).toMatch(/^♻️ \| Restored the backup made /);
    const list = await web.ask(".sudo list");
    expect(list).toContain(keep);
    expect(list).not.toContain(drop);
    const audited = await env.DB.prepare(
      "SELECT event_id FROM audit_log WHERE action = 'backup.restore' ORDER BY id DESC",
    ).first("event_id");
    expect(audited).toMatch(/^web:/);
    // The session survives the restore: it is not part of the backed-up state.
    expect((await web.get("/admin", session)).status).toBe(200);
  });

  it("refuses a file that is not a backup, and changes nothing", async () => {
    const { csrf } = await web.page("/admin/backup", session);
    const form = new FormData();
    form.set("csrf", csrf ?? "");
    form.set("request", crypto.randomUUID());
    form.set("confirm", "1");
    form.set("file", new File(['{"hello":1}'], "nope.json"));
    const response = await call(web.env, "/admin/backup/restore", {
      method: "POST",
      headers: { origin: "https://bot.test", cookie: `mxub_session=${session}` },
      body: form,
    });
    expect(shownAnswers(await response.text())[0]).toMatch(
      /^❌ \| nope\.json cannot be restored; nothing was changed:/,
    );
  });
});

describe("the log room", () => {
  it("hears about a dashboard change at once, as about a chat one", async () => {
    const room = `!${uid("log")}:test.local`;
    await web.ask(".logroom here", { room });
    // The log room posts at most once per 30 s: make the last post long ago.
    await env.DB.prepare("UPDATE log_lines SET posted_at = 1 WHERE posted_at > 1").run();
    const friend = user();
    await access({ action: "sudo.add", user: friend });
    const notices = (await hs.sent({ roomId: room }))
      .filter((e) => e.content.msgtype === "m.notice")
      .map((e) => String(e.content.body));
    expect(notices.join("\n")).toMatch(new RegExp(`sudo\\.add ${friend}`));
    await web.ask(".logroom off");
  });
});
