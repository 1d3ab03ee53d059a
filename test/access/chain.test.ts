import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { type AccessFacts, checkAccess, passesGate } from "../../src/access/check";
import { EVERYONE, OWNER, type SecurityLevel, SUDO } from "../../src/sdk/levels";
import { createTenant } from "../helpers/homeserver";
import {
  answeredEventId,
  countingD1,
  envFor,
  message,
  OWNER_ID,
  push,
  uid,
} from "../helpers/worker";

type Who =
  | "owner"
  | "co-owner"
  | "sudo"
  | "modperm:module"
  | "modperm:command"
  | "tsec"
  | "expired tsec"
  | "stranger";

/** Every level × every kind of sender, with what the SPEC says must happen. */
const TABLE: [Who, SecurityLevel, boolean][] = [
  ["owner", OWNER, true],
  ["owner", SUDO, true],
  ["owner", EVERYONE, true],
  ["co-owner", OWNER, true],
  ["co-owner", SUDO, true],
  ["co-owner", EVERYONE, true],
  ["sudo", OWNER, false],
  ["sudo", SUDO, true],
  ["sudo", EVERYONE, true],
  ["modperm:module", OWNER, false],
  ["modperm:module", SUDO, true],
  ["modperm:module", EVERYONE, true],
  ["modperm:command", OWNER, false],
  ["modperm:command", SUDO, true],
  ["modperm:command", EVERYONE, true],
  ["tsec", OWNER, false],
  ["tsec", SUDO, true],
  ["tsec", EVERYONE, true],
  ["expired tsec", OWNER, false],
  ["expired tsec", SUDO, false],
  ["expired tsec", EVERYONE, true],
  ["stranger", OWNER, false],
  ["stranger", SUDO, false],
  ["stranger", EVERYONE, true],
];

/** The built-in command at each level; grants below name exactly this command or its module. */
const COMMAND_AT: Record<SecurityLevel, string> = { OWNER: "sudo", SUDO: "info", EVERYONE: "ping" };
const BODY_AT: Record<SecurityLevel, string> = {
  OWNER: ".sudo list",
  SUDO: ".info",
  EVERYONE: ".ping",
};

describe("checkAccess (pure)", () => {
  const now = 1_000_000;
  const facts = (who: Who, command: string): AccessFacts => ({
    isOwner: who === "owner" || who === "co-owner",
    isSudo: who === "sudo",
    modPerms: new Set(
      who === "modperm:module" ? ["Core"] : who === "modperm:command" ? [command] : [],
    ),
    tsec: new Map(
      who === "tsec" ? [[command, now + 1]] : who === "expired tsec" ? [[command, now]] : [],
    ),
  });
  it.each(TABLE)("%s running a %s command → %s", (who, level, allowed) => {
    const command = { name: COMMAND_AT[level], module: { name: "Core" }, security: level };
    expect(checkAccess(facts(who, command.name), command, now)).toBe(allowed);
  });

  it("gates undeclared watchers and handlers to owners and sudos", () => {
    const base = { isOwner: false, isSudo: false };
    expect(passesGate({ ...base, isOwner: true }, undefined)).toBe(true);
    expect(passesGate({ ...base, isSudo: true }, undefined)).toBe(true);
    expect(passesGate(base, undefined)).toBe(false);
    expect(passesGate(base, EVERYONE)).toBe(true);
    expect(passesGate({ ...base, isSudo: true }, OWNER)).toBe(false);
  });
});

describe("the chain end to end (D1 state, pushed commands)", async () => {
  const hs = await createTenant();
  const testEnv = envFor(hs);
  const now = Date.now();

  async function senderFor(who: Who, level: SecurityLevel): Promise<string> {
    if (who === "owner") return OWNER_ID;
    if (who === "co-owner") return "@coowner:test.local";
    const user = `@${uid("u")}:test.local`;
    const command = COMMAND_AT[level];
    const db = env.DB;
    if (who === "sudo")
      await db.prepare("INSERT INTO sudos VALUES (?, ?, ?)").bind(user, OWNER_ID, now).run();
    if (who === "modperm:module" || who === "modperm:command") {
      // Written straight to D1: even a grant that `.modaccess` would refuse must not open OWNER commands.
      const [target, kind] = who === "modperm:module" ? ["Core", "module"] : [command, "command"];
      await db
        .prepare("INSERT INTO mod_perms VALUES (?, ?, ?, ?, ?)")
        .bind(user, target, kind, OWNER_ID, now)
        .run();
    }
    if (who === "tsec" || who === "expired tsec") {
      const expires = who === "tsec" ? now + 600_000 : now - 1;
      await db
        .prepare("INSERT INTO tsec_grants VALUES (?, ?, ?, ?, ?, ?)")
        .bind(user, command, expires, "!room:test.local", OWNER_ID, now)
        .run();
    }
    return user;
  }

  it.each(TABLE)("%s running a %s command → answered: %s", async (who, level, allowed) => {
    const sender = await senderFor(who, level);
    const event = message(BODY_AT[level], { sender });
    expect((await push(testEnv, uid("t"), [event])).status).toBe(200);
    const answers = (await hs.sent()).filter((e) => {
      return answeredEventId(e.content) === event.event_id;
    });
    expect(answers).toHaveLength(allowed ? 1 : 0);
  });

  it("removes an expired grant when it is checked, keeping its notice for the cron", async () => {
    const sender = await senderFor("expired tsec", SUDO);
    await push(testEnv, uid("t"), [message(".info", { sender })]);
    const grants = await env.DB.prepare("SELECT * FROM tsec_grants WHERE user_id = ?")
      .bind(sender)
      .all();
    const notices = await env.DB.prepare("SELECT * FROM tsec_notices WHERE user_id = ?")
      .bind(sender)
      .all();
    expect(grants.results).toHaveLength(0);
    expect(notices.results).toHaveLength(1);
  });

  it("loads a non-owner's access in the same D1 round trip as the event claim", async () => {
    const sender = await senderFor("sudo", SUDO);
    const db = countingD1(env.DB);
    await push(envFor(hs, { DB: db.d1 }), uid("t"), [message(".info", { sender })]);
    // settings + ledger, then claim + access + rate limit, then the record: 2 before the handler.
    expect(db.count()).toBe(3);
  });
});
