import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { buildBackup, countRows } from "../../src/backup/document";
import { planRestore } from "../../src/backup/restore";
import { BACKUP_TABLES } from "../../src/backup/tables";
import { readBackup } from "../../src/backup/validate";

const ACCOUNT = "@owner:test.local";
const NOW = Date.UTC(2030, 0, 1);

/** Settings that are the deployment's own: never in a backup, never replaced by a restore. */
const KEPT = ["modules_rev", "backup_signing_key"];

/** Every backed-up table as sorted JSON rows. */
async function snapshot(): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const { name } of BACKUP_TABLES) {
    const { results } = await env.DB.prepare(`SELECT * FROM ${name}`).all();
    out[name] = results
      .filter((r) => !(name === "settings" && KEPT.includes(String(r.key))))
      .map((r) => JSON.stringify(r))
      .sort();
  }
  return out;
}

const run = (sql: string, ...args: unknown[]) =>
  env.DB.prepare(sql)
    .bind(...args)
    .run();

async function seed() {
  const code = `export default { name: "Echo", commands: {} }; // ${"x".repeat(1000)} ünïcødé "quotes" \\ \n`;
  await env.DB.batch([
    env.DB.prepare(
      "INSERT INTO settings VALUES ('prefix', '\"!\"'), ('config:Notes', ?), ('modules_rev', '\"r1\"')",
    ).bind(JSON.stringify({ maxNotes: 3, nested: { list: [1, "two", null] } })),
    env.DB.prepare("INSERT INTO sudos VALUES ('@a:test.local', '@owner:test.local', 1)"),
    env.DB.prepare(
      "INSERT INTO mod_perms VALUES ('@b:test.local', 'Notes', 'module', '@owner:test.local', 2), ('@b:test.local', 'ping', 'command', '@owner:test.local', 3)",
    ),
    env.DB.prepare(
      "INSERT INTO tsec_grants VALUES ('@c:test.local', 'info', ?, '!r:test.local', '@owner:test.local', 4), ('@d:test.local', 'info', ?, '!r:test.local', '@owner:test.local', 5)",
    ).bind(NOW + 60_000, NOW - 60_000),
    env.DB.prepare(
      "INSERT INTO tsec_notices (user_id, command, expires_at, room_id) VALUES ('@e:test.local', 'ping', 6, '!r:test.local')",
    ),
    env.DB.prepare(
      "INSERT INTO module_data VALUES ('Notes', 'k1', '\"v1\"'), ('Notes', 'big', ?), ('Afk', 'since', '12'), ('Afk', 'nothing', 'null')",
    ).bind(JSON.stringify({ text: "y".repeat(100_000), n: 1.5, yes: true })),
    env.DB.prepare(
      'INSERT INTO installed_modules VALUES (\'Echo\', NULL, \'https://example.org/echo.ts\', ?, ?, \'["api.example.org"]\', \'[{"name":"echo","security":"SUDO"}]\', 7)',
    ).bind("a".repeat(64), code),
    env.DB.prepare("INSERT INTO module_repos VALUES ('https://example.org/repo.json', 8)"),
    env.DB.prepare(
      "INSERT INTO audit_log (id, at, actor, action, target, detail, event_id) VALUES (41, 9, '@owner:test.local', 'sudo.add', '@a:test.local', NULL, '$e1'), (42, 10, '@owner:test.local', 'prefix.set', 'prefix', '\"!\"', NULL)",
    ),
  ]);
}

describe("backup document", () => {
  it("holds every table, reads back, and restores exactly what it held", async () => {
    await seed();
    const before = await snapshot();
    const doc = await buildBackup(env.DB, ACCOUNT, NOW);
    expect(doc).toMatchObject({ format: "mxuserbot-backup", version: 1, account: ACCOUNT });
    expect(doc.createdAt).toBe("2030-01-01T00:00:00.000Z");
    expect(countRows(doc.tables)).toEqual({
      settings: 2,
      sudos: 1,
      mod_perms: 2,
      tsec_grants: 2,
      tsec_notices: 1,
      module_data: 4,
      installed_modules: 1,
      module_repos: 1,
      audit_log: 2,
    });
    // JSON columns read as JSON, so the file is readable.
    expect(doc.tables.settings).toContainEqual({ key: "prefix", value: "!" });
    expect(doc.tables.module_data).toContainEqual({ module: "Afk", key: "since", value: 12 });
    expect(doc.tables.module_data).toContainEqual({ module: "Afk", key: "nothing", value: null });
    expect(doc.tables.installed_modules?.[0]?.network).toEqual(["api.example.org"]);
    expect(doc.tables.installed_modules?.[0]?.signature).toMatch(/^[0-9a-f]{64}$/);
    // The signing key is the deployment's own: neither in the file nor replaced by a restore.
    expect(doc.tables.settings?.some((r) => r.key === "backup_signing_key")).toBe(false);

    const text = JSON.stringify(doc, null, 1);
    const read = readBackup(text, ACCOUNT);
    expect(read).toEqual({ ok: true, doc: JSON.parse(text) });
    if (!read.ok) return;

    await env.DB.batch([
      env.DB.prepare("DELETE FROM sudos"),
      env.DB.prepare("INSERT INTO sudos VALUES ('@intruder:test.local', '@owner:test.local', 1)"),
      env.DB.prepare("UPDATE module_data SET value = '\"changed\"'"),
      env.DB.prepare("DELETE FROM installed_modules"),
      env.DB.prepare("INSERT INTO settings VALUES ('disabled_modules', '[\"Notes\"]')"),
      env.DB.prepare("DELETE FROM audit_log"),
      env.DB.prepare("DELETE FROM tsec_grants"),
    ]);
    // As it is after the backup: the pending notice went out, another one is due.
    await run("DELETE FROM tsec_notices");
    await run(
      "INSERT INTO tsec_notices (user_id, command, expires_at, room_id) VALUES ('@f:test.local', 'ping', 7, '!r:test.local')",
    );
    const plan = planRestore(env.DB, read.doc, NOW);
    expect(plan.restored).toMatchObject({ tsec_grants: 1, module_data: 4, audit_log: 2 });
    expect(plan.leftOut).toEqual([
      "tsec_grants 1 (expired)",
      "tsec_notices 1 (kept as they are now)",
    ]);
    await env.DB.batch(plan.statements);

    const after = await snapshot();
    expect(after.tsec_grants).toEqual(before.tsec_grants?.filter((r) => r.includes("@c:")));
    expect(after.tsec_notices).toEqual([
      JSON.stringify({
        user_id: "@f:test.local",
        command: "ping",
        expires_at: 7,
        room_id: "!r:test.local",
        claimed_at: null,
        claim_token: null,
      }),
    ]);
    const { tsec_grants: _g, tsec_notices: _n, ...rest } = after;
    const { tsec_grants: _bg, tsec_notices: _bn, ...restBefore } = before;
    expect(rest).toEqual(restBefore);
    // The restore leaves modules_rev to the caller, who bumps it.
    expect(
      await env.DB.prepare("SELECT value FROM settings WHERE key = 'modules_rev'").first(),
    ).toEqual({
      value: '"r1"',
    });
  });

  it("leaves modules_rev out of the document, and signs with the same key every time", async () => {
    const first = await buildBackup(env.DB, ACCOUNT, NOW);
    expect(first.tables.settings?.some((r) => r.key === "modules_rev")).toBe(false);
    const again = await buildBackup(env.DB, ACCOUNT, NOW + 1);
    expect(again.tables.installed_modules).toEqual(first.tables.installed_modules);
  });
});
