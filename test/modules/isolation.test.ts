import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { defineModule, EVERYONE } from "../../src/sdk";
import type { BaseContext, CommandContext } from "../../src/sdk/types";
import { createTenant } from "../helpers/homeserver";
import { feed, runtimeWith } from "../helpers/modules";
import { answeredEventId, answerText, envFor, message } from "../helpers/worker";

const hs = await createTenant();
const testEnv = envFor(hs);
let captured: CommandContext | undefined;
let seenInside: { whoami: string; proto: unknown; ctor: unknown } | undefined;

const writer = defineModule({
  name: "Writer",
  commands: {
    put: {
      security: EVERYONE,
      async run(ctx) {
        const [key = "", value = ""] = ctx.argv;
        await ctx.db.set(key, value);
        await ctx.respond(`put ${key}`);
      },
    },
  },
});

const reader = defineModule({
  name: "Reader",
  network: ["allowed.example"],
  commands: {
    get: {
      security: EVERYONE,
      async run(ctx) {
        const key = ctx.argv[0] ?? "";
        const value = await ctx.db.get(key);
        const keys = await ctx.db.keys();
        await ctx.respond(`get ${key}=${JSON.stringify(value)} keys=${JSON.stringify(keys)}`);
      },
    },
    fetchit: {
      security: EVERYONE,
      async run(ctx) {
        await ctx.http.fetch(ctx.argv[0] ?? "");
        await ctx.respond("fetched");
      },
    },
    capture: {
      async run(ctx) {
        captured = ctx;
        seenInside = {
          whoami: await ctx.matrix.whoami(),
          proto: ctx.config.get("__proto__"),
          ctor: ctx.config.get("constructor"),
        };
        await ctx.respond("captured");
      },
    },
  },
});

const rt = runtimeWith(testEnv, [writer, reader]);
async function say(body: string): Promise<string> {
  const event = message(body);
  await feed(rt, [event]);
  const answer = (await hs.sent()).find((e) => answeredEventId(e.content) === event.event_id);
  return answer ? answerText(answer.content) : "(no answer)";
}

describe("module isolation", () => {
  it("keeps each module's keys to itself, whatever the key looks like", async () => {
    for (const key of [
      "secret",
      "Reader:secret",
      "../Reader/secret",
      "Reader/../Writer",
      "%",
      "_",
      "__proto__",
    ]) {
      expect(await say(`.put ${JSON.stringify(key)} v`)).toBe(`put ${key}`);
      expect(await say(`.get ${JSON.stringify(key)}`)).toBe(`get ${key}=undefined keys=[]`);
    }
    const rows = await env.DB.prepare("SELECT DISTINCT module FROM module_data").all();
    expect(rows.results).toEqual([{ module: "Writer" }]);
  });

  it("cannot reach a host outside `network`, nor http, nor credentials in URLs", async () => {
    for (const url of [
      "https://evil.example/x",
      "http://allowed.example/x",
      "https://u:p@allowed.example/",
      "/relative",
    ]) {
      expect(await say(`.fetchit ${url}`)).toMatch(/^⚠️ \| \.fetchit failed: TypeError/);
    }
  });

  it("gives module code no path to the tokens, env or the core", async () => {
    expect(await say(".capture")).toBe("captured");
    const ctx = captured as BaseContext;
    const secrets = [hs.token, "hs-token-for-tests"];
    const seen = new Set<unknown>();
    const walk = (value: unknown, path: string): void => {
      if (
        value === null ||
        (typeof value !== "object" && typeof value !== "function") ||
        seen.has(value)
      ) {
        if (typeof value === "string")
          for (const s of secrets) expect(value, path).not.toContain(s);
        return;
      }
      seen.add(value);
      if (typeof value === "function") {
        for (const s of secrets) expect(value.toString(), path).not.toContain(s);
      }
      for (const key of Reflect.ownKeys(value)) {
        const d = Object.getOwnPropertyDescriptor(value, key);
        if (d && "value" in d) walk(d.value, `${path}.${String(key)}`);
      }
    };
    walk(ctx, "ctx");
    expect(Object.keys(ctx).sort()).toEqual(
      [
        "args",
        "argv",
        "command",
        "config",
        "db",
        "event",
        "http",
        "log",
        "matrix",
        "module",
        "react",
        "reply",
        "respond",
        "roomId",
        "security",
        "send",
        "sender",
      ].sort(),
    );
    expect(Object.keys(ctx.matrix).sort()).toEqual(
      [
        "getEvent",
        "getJoinedMembers",
        "getProfile",
        "react",
        "redact",
        "sendMessage",
        "whoami",
      ].sort(),
    );
    expect(
      Object.isFrozen(ctx.matrix) && Object.isFrozen(ctx.db) && Object.isFrozen(ctx.http),
    ).toBe(true);
    expect(Object.isFrozen(captured?.event) && Object.isFrozen(captured?.event.content)).toBe(true);
    expect(seenInside?.whoami).toBe("@owner:test.local");
    // Kept past its handler, a ctx is closed: it cannot act later on the core's behalf.
    await expect(ctx.matrix.whoami()).rejects.toThrow(/closed/);
    expect(() => ctx.config.get("x")).toThrow(/closed/);
  });

  it("does not hand out Object.prototype through config keys", async () => {
    expect(await say(".capture")).toBe("captured");
    expect(seenInside?.proto).toBeUndefined();
    expect(seenInside?.ctor).toBeUndefined();
  });
});

describe("built-ins", () => {
  it("are hardened before any module loads: shared functions and namespaces cannot be changed", () => {
    expect(Object.isFrozen(JSON) && Object.isFrozen(Math)).toBe(true);
    expect(Object.isFrozen(JSON.parse) && Object.isFrozen(Array.prototype.push)).toBe(true);
    expect(Object.isFrozen(Function.prototype.call) && Object.isFrozen(Object.assign)).toBe(true);
    expect(() => Object.assign(JSON.parse, { spy: 1 })).toThrow(TypeError);
    expect(() => Object.assign(Array.prototype.map, { call: () => 0 })).toThrow(TypeError);
  });
});
