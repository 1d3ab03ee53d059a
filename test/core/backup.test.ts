import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { BACKUP_TABLES } from "../../src/backup/tables";
import { decryptAttachment, parseEncryptedFile } from "../../src/matrix/attachment";
import { createTenant, type FakeTenant, type SentEvent } from "../helpers/homeserver";
import { downloadFile, setMaxUpload, uploadFile } from "../helpers/media";
import {
  answerText,
  CO_OWNER_ID,
  conversation,
  envFor,
  message,
  OWNER_ID,
  push,
  ROOM,
  uid,
} from "../helpers/worker";

const user = () => `@${uid("u")}:test.local`;

/** Settings that are the deployment's own: never in a backup, never replaced by a restore. */
const KEPT = ["modules_rev", "backup_signing_key"];

/** Every backed-up table as sorted JSON rows, the audit log apart. */
async function state(): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const { name } of BACKUP_TABLES) {
    if (name === "audit_log") continue;
    const { results } = await env.DB.prepare(`SELECT * FROM ${name}`).all();
    out[name] = results
      .filter((r) => !(name === "settings" && KEPT.includes(String(r.key))))
      .map((r) => JSON.stringify(r))
      .sort();
  }
  return out;
}

const modulesRev = async () =>
  (await env.DB.prepare("SELECT value FROM settings WHERE key = 'modules_rev'").first())?.value;

/** The file message(s) the bot sent. */
const files = async (hs: FakeTenant) =>
  (await hs.sent({ type: "m.room.message" })).filter((e) => e.content.msgtype === "m.file");

async function backupFile(hs: FakeTenant): Promise<SentEvent> {
  const [file] = await files(hs);
  if (!file) throw new Error("no backup file was sent");
  return file;
}

const replyTo = (eventId: string) => ({
  content: { "m.relates_to": { "m.in_reply_to": { event_id: eventId } } },
});

/** Posts `text` as a file message from `sender` (an owner, unless said otherwise). */
async function postFile(hs: FakeTenant, text: string, sender = OWNER_ID): Promise<string> {
  const url = await uploadFile(hs, text, { filename: "backup.json" });
  const [eventId] = await hs.addEvents(ROOM, [
    {
      type: "m.room.message",
      sender,
      content: { msgtype: "m.file", body: "backup.json", url, info: { size: text.length } },
    },
  ]);
  return eventId as string;
}

async function seed(friend: string) {
  await env.DB.batch([
    env.DB.prepare("INSERT OR REPLACE INTO settings VALUES ('config:Notes', ?)").bind(
      JSON.stringify({ maxNotes: 7 }),
    ),
    env.DB.prepare("INSERT OR REPLACE INTO module_data VALUES ('Notes', ?, ?)").bind(
      `note-${friend}`,
      JSON.stringify({ text: "remember the milk", tags: ["a", "b"] }),
    ),
    env.DB.prepare("INSERT OR REPLACE INTO module_repos VALUES (?, 1)").bind(
      `https://example.org/${friend}.json`,
    ),
  ]);
}

describe(".backup", () => {
  it("sends all state to the room as a JSON file and says what is in it", async () => {
    const hs = await createTenant();
    const ask = conversation(hs);
    const friend = user();
    await ask(`.sudo add ${friend}`);
    await ask(`.tsec ${friend} info 30`);
    await seed(friend);
    const answer = await ask(".backup");
    expect(answer).toMatch(
      /^💾 \| Backup mxuserbot-backup-owner-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.json/,
    );
    expect(answer).toMatch(/sudos \d+ · mod_perms \d+ · tsec_grants \d+/);
    expect(answer).toContain("reply to the file with .restore");

    const file = await backupFile(hs);
    expect(file.sender).toBe(OWNER_ID);
    const { url, info, body } = file.content as {
      url: string;
      info: { mimetype: string; size: number };
      body: string;
    };
    expect(answer).toContain(body);
    expect(info.mimetype).toBe("application/json");
    const download = await downloadFile(hs, url);
    const text = await download.text();
    expect(new TextEncoder().encode(text).length).toBe(info.size);
    const doc = JSON.parse(text);
    expect(doc).toMatchObject({ format: "mxuserbot-backup", version: 1, account: OWNER_ID });
    expect(doc.tables.sudos).toContainEqual({
      user_id: friend,
      added_by: OWNER_ID,
      added_at: expect.any(Number),
    });
    expect(doc.tables.tsec_grants).toContainEqual(
      expect.objectContaining({ user_id: friend, command: "info", room_id: ROOM }),
    );
    expect(doc.tables.module_data).toContainEqual({
      module: "Notes",
      key: `note-${friend}`,
      value: { text: "remember the milk", tags: ["a", "b"] },
    });
    expect(doc.tables.audit_log).toContainEqual(
      expect.objectContaining({ action: "sudo.add", target: friend }),
    );
    // Never a token: the tenant's as_token and the hs_token are nowhere in it.
    expect(text).not.toContain(hs.token);
    expect(text).not.toContain("hs-token-for-tests");

    const [upload] = await hs.requests({ method: "POST", pathIncludes: "/upload" });
    expect(upload?.actingUser).toBe(OWNER_ID);
    const audit = await env.DB.prepare(
      "SELECT actor, target FROM audit_log WHERE action = 'backup.create' AND target = ?",
    )
      .bind(url)
      .first();
    expect(audit).toEqual({ actor: OWNER_ID, target: url });
  });

  it("says so when the homeserver refuses the upload as too large, and sends no file", async () => {
    const hs = await createTenant();
    await setMaxUpload(hs, 100);
    const answer = await conversation(hs)(".backup");
    expect(answer).toMatch(
      /^❌ \| The homeserver refused the backup: at \d+ KiB it is over its upload limit \(M_TOO_LARGE\)/,
    );
    expect(await files(hs)).toEqual([]);
  });

  it("sends the file once when the command is retried", async () => {
    const hs = await createTenant();
    const testEnv = envFor(hs);
    const event = message(".backup");
    const txn = uid("t");
    await hs.fault({ method: "PUT", pathIncludes: "/send/", status: 502, times: 4 });
    expect((await push(testEnv, txn, [event])).status).toBe(503);
    expect((await push(testEnv, txn, [event])).status).toBe(200);
    expect(await files(hs)).toHaveLength(1);
    const answers = (await hs.sent()).filter((e) => e.content.msgtype !== "m.file");
    expect(answers.map((e) => answerText(e.content))).toEqual([expect.stringMatching(/^💾/)]);
  });

  it("is silent to a stranger and to a sudo", async () => {
    const hs = await createTenant();
    const ask = conversation(hs);
    const sudo = user();
    await ask(`.sudo add ${sudo}`);
    expect(await ask(".backup", { sender: user() })).toBeNull();
    expect(await ask(".backup", { sender: sudo })).toBeNull();
    expect(await hs.requests({ pathIncludes: "/upload" })).toEqual([]);
    expect(await files(hs)).toEqual([]);
  });
});

describe(".backup in an encrypted room", () => {
  const SECRET = "!secret:test.local";

  it("uploads an encrypted attachment, which .restore decrypts", async () => {
    const hs = await createTenant();
    await hs.encryptRoom(SECRET, OWNER_ID);
    const ask = conversation(hs);
    const friend = user();
    await ask(`.sudo add ${friend}`);
    expect(await ask(".backup", { room: SECRET })).toMatch(/^💾/);
    const file = await backupFile(hs);
    expect(file.content.url).toBeUndefined();
    const sealed = parseEncryptedFile(file.content.file);
    if (!sealed) throw new Error(`not an encrypted attachment: ${JSON.stringify(file.content)}`);
    const cipher = await (await downloadFile(hs, sealed.url)).arrayBuffer();
    expect(new TextDecoder().decode(cipher)).not.toContain(friend);
    const doc = JSON.parse(new TextDecoder().decode(await decryptAttachment(cipher, sealed)));
    expect(doc.tables.sudos).toContainEqual(expect.objectContaining({ user_id: friend }));

    await ask(`.sudo rm ${friend}`);
    const answer = await ask(".restore", { room: SECRET, ...replyTo(file.event_id) });
    expect(answer).toMatch(/^♻️ \| Restored/);
    expect(await ask(".sudo list")).toContain(friend);
  });

  it("refuses an encrypted attachment whose ciphertext was changed", async () => {
    const hs = await createTenant();
    await hs.encryptRoom(SECRET, OWNER_ID);
    const ask = conversation(hs);
    await ask(".backup", { room: SECRET });
    const sealed = parseEncryptedFile((await backupFile(hs)).content.file);
    if (!sealed) throw new Error("not an encrypted attachment");
    const cipher = new Uint8Array(await (await downloadFile(hs, sealed.url)).arrayBuffer());
    cipher[10] = (cipher[10] ?? 0) ^ 1;
    const url = await uploadFile(hs, cipher, { contentType: "application/octet-stream" });
    const [eventId] = await hs.addEvents(SECRET, [
      {
        type: "m.room.message",
        sender: OWNER_ID,
        content: { msgtype: "m.file", body: "backup.json", file: { ...sealed, url } },
      },
    ]);
    expect(await ask(".restore", { room: SECRET, ...replyTo(eventId as string) })).toBe(
      "❌ | I cannot decrypt that file: the file does not match its SHA-256: it was changed or cut short. Nothing was changed.",
    );
  });
});

describe(".restore", () => {
  it("puts back exactly what the backup held: sudos, grants, module data, settings", async () => {
    const hs = await createTenant();
    const ask = conversation(hs);
    const friend = user();
    const other = user();
    await ask(`.sudo add ${friend}`);
    await ask(`.modaccess add ${other} ping`);
    await ask(`.tsec ${other} info 30`);
    await seed(friend);
    await ask(".backup");
    const before = await state();
    const file = await backupFile(hs);

    const intruder = user();
    await ask(`.sudo add ${intruder}`);
    await ask(`.sudo rm ${friend}`);
    await ask(`.modaccess rm ${other} ping`);
    await ask(`.tsec rm ${other} info`);
    await env.DB.batch([
      env.DB.prepare("UPDATE module_data SET value = '\"gone\"'"),
      env.DB.prepare("DELETE FROM settings WHERE key = 'config:Notes'"),
      env.DB.prepare("INSERT OR REPLACE INTO settings VALUES ('disabled_modules', '[\"Notes\"]')"),
    ]);
    expect(await state()).not.toEqual(before);
    const rev = await modulesRev();

    const answer = await ask(".restore", replyTo(file.event_id));
    expect(answer).toMatch(/^♻️ \| Restored the backup made \d{4}-.*Z: settings \d+ · sudos \d+/);
    expect(await state()).toEqual(before);
    expect(await modulesRev()).not.toBe(rev);
    expect(await ask(".sudo list")).toContain(friend);
    expect(await ask(".sudo list")).not.toContain(intruder);
    expect(await ask(".info", { sender: friend })).toContain("MXUserbot");

    const audit = await env.DB.prepare(
      "SELECT actor, target FROM audit_log WHERE action = 'backup.restore'",
    ).all();
    expect(audit.results).toContainEqual({ actor: OWNER_ID, target: file.event_id });
  });

  it("downloads with the legacy media API when the homeserver has no authenticated media", async () => {
    const hs = await createTenant();
    const ask = conversation(hs);
    await ask(".backup");
    const file = await backupFile(hs);
    await hs.fault({
      method: "GET",
      pathIncludes: "/_matrix/client/v1/media/download",
      status: 404,
      body: { errcode: "M_UNRECOGNIZED", error: "Unrecognized request" },
    });
    expect(await ask(".restore", replyTo(file.event_id))).toMatch(/^♻️ \| Restored/);
    const downloads = await hs.requests({ method: "GET", pathIncludes: "/download/" });
    expect(downloads.map((r) => [r.path.split("/download/")[0], r.status])).toEqual([
      ["/_matrix/client/v1/media", 404],
      ["/_matrix/media/v3", 200],
    ]);
  });

  it("refuses a tampered file with a list of what is wrong, and changes nothing", async () => {
    const hs = await createTenant();
    const ask = conversation(hs);
    await ask(`.sudo add ${user()}`);
    await ask(".backup");
    const doc = JSON.parse(
      await (await downloadFile(hs, String((await backupFile(hs)).content.url))).text(),
    );
    doc.tables.sudos.push({ user_id: "@evil", added_by: OWNER_ID, added_at: "now" });
    doc.tables.module_data.push({ module: "Notes", key: "x" });
    const before = await state();
    const rev = await modulesRev();

    const answer = await ask(".restore", replyTo(await postFile(hs, JSON.stringify(doc))));
    expect(answer).toMatch(/^❌ \| backup\.json cannot be restored; nothing was changed:/);
    expect(answer).toMatch(/sudos\[\d+\]\.user_id is not a Matrix user ID \(@user:server\)/);
    expect(answer).toMatch(/sudos\[\d+\]\.added_at is "now", not an integer/);
    expect(answer).toMatch(/module_data\[\d+\]\.value is missing/);
    expect(await state()).toEqual(before);
    expect(await modulesRev()).toBe(rev);
  });

  it("refuses a backup of another version or another account, and what is not a backup", async () => {
    const hs = await createTenant();
    const ask = conversation(hs);
    await ask(".backup");
    const doc = JSON.parse(
      await (await downloadFile(hs, String((await backupFile(hs)).content.url))).text(),
    );
    const before = await state();
    const restoreText = async (text: string) => ask(".restore", replyTo(await postFile(hs, text)));

    expect(await restoreText(JSON.stringify({ ...doc, version: 2 }))).toContain(
      "it is version 2, made by a newer bot; this one reads version 1",
    );
    expect(await restoreText(JSON.stringify({ ...doc, account: "@else:test.local" }))).toContain(
      `it is the backup of @else:test.local, not of this bot account (${OWNER_ID})`,
    );
    expect(await restoreText("not json at all")).toMatch(/it is not JSON/);
    expect(await state()).toEqual(before);
  });

  it("refuses a file sent by someone who is not an owner, and what is not a file", async () => {
    const hs = await createTenant();
    const ask = conversation(hs);
    await ask(".backup");
    const file = await backupFile(hs);
    const text = await (await downloadFile(hs, String(file.content.url))).text();
    const stranger = user();
    expect(await ask(".restore", replyTo(await postFile(hs, text, stranger)))).toBe(
      `❌ | That file was sent by ${stranger}; only a file sent by an owner of this bot can be restored (send it to the room yourself first). Nothing was changed.`,
    );
    // A co-owner's copy is fine.
    expect(await ask(".restore", replyTo(await postFile(hs, text, CO_OWNER_ID)))).toMatch(/^♻️/);
    const [plain] = await hs.addEvents(ROOM, [
      { type: "m.room.message", sender: OWNER_ID, content: { msgtype: "m.text", body: "hi" } },
    ]);
    expect(await ask(".restore", replyTo(plain as string))).toBe(
      "❌ | The message you replied to is not a file. Nothing was changed.",
    );
    expect(await ask(".restore")).toMatch(
      /^❌ \| reply to a backup file \(made by \.backup\) with just \.restore/,
    );
  });

  it("restores only installed modules this bot signed: code edited into the file stays out", async () => {
    const hs = await createTenant();
    const ask = conversation(hs);
    const code = "export default {};";
    await env.DB.prepare(
      "INSERT OR REPLACE INTO installed_modules VALUES (?, '1.0.0', ?, ?, ?, '[]', '[]', 1)",
    )
      .bind("Kept", "https://example.org/kept.ts", "a".repeat(64), code)
      .run();
    await env.DB.prepare(
      "INSERT OR REPLACE INTO installed_modules VALUES (?, '1.0.0', ?, ?, ?, '[]', '[]', 1)",
    )
      .bind("Edited", "https://example.org/edited.ts", "b".repeat(64), code)
      .run();
    await ask(".backup");
    const doc = JSON.parse(
      await (await downloadFile(hs, String((await backupFile(hs)).content.url))).text(),
    );
    const edited = doc.tables.installed_modules.find((m: { name: string }) => m.name === "Edited");
    edited.code = "export default { evil: true };";

    const answer = await ask(".restore", replyTo(await postFile(hs, JSON.stringify(doc))));
    expect(answer).toMatch(/^♻️ \| Restored/);
    expect(answer).toContain(
      "Left out: installed_modules Edited (not signed by this bot: changed in the file, or from another deployment; install it again)",
    );
    const names = await env.DB.prepare(
      "SELECT name, code FROM installed_modules ORDER BY name",
    ).all();
    expect(names.results).toEqual([{ name: "Kept", code }]);
    await env.DB.prepare("DELETE FROM installed_modules").run();
  });

  it("is all or nothing: a failure in the middle of the restore changes nothing", async () => {
    const hs = await createTenant();
    const ask = conversation(hs);
    const friend = user();
    await ask(`.sudo add ${friend}`);
    await seed(friend);
    await ask(".backup");
    const file = await backupFile(hs);
    await ask(`.sudo rm ${friend}`);
    await env.DB.prepare("UPDATE module_data SET value = '\"changed\"'").run();
    const before = await state();
    const rev = await modulesRev();
    // module_repos is written after settings, sudos and module data: its insert fails.
    await env.DB.prepare(
      "CREATE TRIGGER fail_restore BEFORE INSERT ON module_repos BEGIN SELECT RAISE(ABORT, 'injected failure'); END",
    ).run();
    try {
      const answer = await ask(".restore", replyTo(file.event_id));
      expect(answer).toMatch(
        /^❌ \| The restore failed, so nothing was changed: .*injected failure/,
      );
    } finally {
      await env.DB.prepare("DROP TRIGGER fail_restore").run();
    }
    expect(await state()).toEqual(before);
    expect(await modulesRev()).toBe(rev);
    const audits = await env.DB.prepare(
      "SELECT count(*) AS n FROM audit_log WHERE action = 'backup.restore' AND target = ?",
    )
      .bind(file.event_id)
      .first();
    expect(audits?.n).toBe(0);
  });

  it("is silent to a stranger and a sudo, and changes nothing", async () => {
    const hs = await createTenant();
    const ask = conversation(hs);
    const sudo = user();
    await ask(`.sudo add ${sudo}`);
    await ask(".backup");
    const file = await backupFile(hs);
    await ask(`.sudo rm ${sudo}`);
    const before = await state();
    expect(await ask(".restore", { sender: user(), ...replyTo(file.event_id) })).toBeNull();
    expect(await ask(".restore", { sender: sudo, ...replyTo(file.event_id) })).toBeNull();
    expect(await hs.requests({ pathIncludes: "/download/" })).toEqual([]);
    expect(await state()).toEqual(before);
  });

  it("restores once and answers the same when the command is retried", async () => {
    const hs = await createTenant();
    const testEnv = envFor(hs);
    const ask = conversation(hs);
    const friend = user();
    await ask(`.sudo add ${friend}`);
    await ask(".backup");
    const file = await backupFile(hs);
    await ask(`.sudo rm ${friend}`);

    const event = message(".restore", replyTo(file.event_id));
    const txn = uid("t");
    await hs.fault({ method: "PUT", pathIncludes: "/send/", status: 502, times: 4 });
    expect((await push(testEnv, txn, [event])).status).toBe(503);
    // Between the two attempts, a change the retry must not undo.
    await env.DB.prepare("INSERT INTO sudos VALUES (?, ?, 1)").bind(user(), OWNER_ID).run();
    const between = await state();
    expect((await push(testEnv, txn, [event])).status).toBe(200);

    const answers = (await hs.sent()).filter(
      (e) => (e.content["m.relates_to"] as { event_id?: string })?.event_id === event.event_id,
    );
    expect(answers.map((e) => answerText(e.content))).toEqual([
      expect.stringMatching(/^♻️ \| Restored the backup made/),
    ]);
    expect(await state()).toEqual(between);
    expect(await hs.requests({ pathIncludes: "/download/" })).toHaveLength(1);
    const audits = await env.DB.prepare(
      "SELECT count(*) AS n FROM audit_log WHERE action = 'backup.restore' AND event_id = ?",
    )
      .bind(event.event_id)
      .first();
    expect(audits?.n).toBe(1);
  });
});
