import { describe, expect, it } from "vitest";
import { BACKUP_TABLES } from "../../src/backup/tables";
import { readBackup } from "../../src/backup/validate";

const ACCOUNT = "@owner:test.local";

function doc(tables: Record<string, unknown[]> = {}, top: Record<string, unknown> = {}) {
  const empty = Object.fromEntries(BACKUP_TABLES.map((t) => [t.name, []]));
  return {
    format: "mxuserbot-backup",
    version: 1,
    createdAt: "2030-01-01T00:00:00.000Z",
    account: ACCOUNT,
    notes: [],
    tables: { ...empty, ...tables },
    ...top,
  };
}

const problems = (value: unknown) => {
  const read = readBackup(typeof value === "string" ? value : JSON.stringify(value), ACCOUNT);
  return read.ok ? [] : read.problems;
};

const sudo = (userId: string, extra: Record<string, unknown> = {}) => ({
  user_id: userId,
  added_by: ACCOUNT,
  added_at: 1,
  ...extra,
});

describe("readBackup", () => {
  it("accepts an empty backup of this account", () => {
    expect(readBackup(JSON.stringify(doc()), ACCOUNT).ok).toBe(true);
  });

  it("refuses what is not a backup, saying why", () => {
    expect(problems("{nope")[0]).toMatch(/^it is not JSON/);
    expect(problems([])).toEqual(["it is not a JSON object"]);
    expect(problems({ ...doc(), format: "hikka-db" })).toEqual([
      'its format is "hikka-db", not "mxuserbot-backup"',
    ]);
  });

  it("refuses another version and another account", () => {
    expect(problems({ ...doc(), version: 2 })).toEqual([
      "it is version 2, made by a newer bot; this one reads version 1",
    ]);
    expect(problems({ ...doc(), version: "1" })).toEqual([
      'its version is "1"; this bot reads version 1',
    ]);
    expect(problems({ ...doc(), account: "@other:test.local" })).toEqual([
      `it is the backup of @other:test.local, not of this bot account (${ACCOUNT})`,
    ]);
  });

  it("checks every row: columns, types, IDs, sizes and duplicate keys", () => {
    const found = problems(
      doc(
        {
          sudos: [
            sudo("@ok:test.local"),
            sudo("nocolon"),
            sudo("@ok:test.local"),
            sudo("@x:test.local", { added_at: "1" }),
            sudo("@y:test.local", { extra: 1 }),
            { user_id: "@z:test.local", added_by: ACCOUNT },
            "row",
          ],
          mod_perms: [
            {
              user_id: "@a:test.local",
              target: "Notes",
              kind: "everything",
              granted_by: ACCOUNT,
              granted_at: 1,
            },
          ],
          tsec_grants: [
            {
              user_id: "@a:test.local",
              command: "ping",
              expires_at: 1.5,
              room_id: "room",
              granted_by: ACCOUNT,
              granted_at: 1,
            },
          ],
          module_data: [{ module: "Notes", key: "k".repeat(513), value: null }],
          settings: [{ key: "modules_rev", value: "x" }],
          installed_modules: [
            {
              name: "Echo",
              version: null,
              url: "ftp://x",
              sha256: "nothex",
              code: "",
              network: "api.example.org",
              commands: [],
              installed_at: 1,
            },
          ],
          bogus: [],
        },
        { createdAt: "yesterday", extra: true },
      ),
    );
    expect(found).toEqual([
      'unknown field "extra"',
      'createdAt is "yesterday", not a date',
      'unknown table "bogus"',
      "settings[0].key is this deployment's own, never restored",
      "sudos[1].user_id is not a Matrix user ID (@user:server)",
      "sudos[2] repeats the key @ok:test.local",
      'sudos[3].added_at is "1", not an integer',
      'sudos[4] has an unknown column "extra"',
      "sudos[5].added_at is missing",
      "sudos[6] is not an object",
      "mod_perms[0].kind must be module or command",
      "tsec_grants[0].expires_at is 1.5, not an integer",
      "tsec_grants[0].room_id is not a room ID (!room:server)",
      "module_data[0].key is too long (513 characters, at most 512)",
      "installed_modules[0].url is not an http(s) URL",
      "installed_modules[0].sha256 is not a SHA-256 in hex",
      "installed_modules[0].network must be a list of host names",
    ]);
  });

  it("says a table is missing, and caps a long list of problems", () => {
    const { sudos: _, ...tables } = doc().tables;
    expect(problems({ ...doc(), tables })).toEqual(["table sudos is missing"]);
    const many = problems(doc({ sudos: Array.from({ length: 30 }, (_, i) => sudo(`bad${i}`)) }));
    expect(many).toHaveLength(21);
    expect(many.at(-1)).toBe("… and 10 more");
  });
});
