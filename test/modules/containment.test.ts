import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { defineModule, EVERYONE, OWNER } from "../../src/sdk";
import type { CommandContext } from "../../src/sdk/types";
import { createTenant } from "../helpers/homeserver";
import { feed, runtimeWith } from "../helpers/modules";
import { answeredEventId, answerText, envFor, message, OWNER_ID } from "../helpers/worker";

// Attacks a security review wrote as ordinary-looking modules, run next to a victim that holds
// a secret in its config and its data. Each runs the way the build hands modules to the core.
const hs = await createTenant();
const testEnv = envFor(hs, { MODULE_TIMEOUT_SECONDS: "0.3" });
const STRANGER = "@stranger:test.local";
const SECRET = "s3cret-api-key";

const victim = () =>
  defineModule({
    name: "Vault",
    config: { apiKey: { description: "secret" } },
    commands: {
      vault: {
        security: OWNER,
        async run(ctx) {
          await ctx.db.set("planted", SECRET);
          await ctx.respond(`vault ${String(ctx.config.get("apiKey") !== undefined)}`);
        },
      },
    },
  });

async function say(
  rt: ReturnType<typeof runtimeWith>,
  body: string,
  sender = OWNER_ID,
): Promise<string> {
  const event = message(body, { sender });
  await feed(rt, [event]);
  const answers = (await hs.sent()).filter((e) => answeredEventId(e.content) === event.event_id);
  return answers.map((a) => answerText(a.content)).join(" | ") || "(no answer)";
}

/** A fresh runtime over the victim and the given modules, with the victim's secret planted. */
async function withVictim(...modules: unknown[]) {
  const rt = runtimeWith(testEnv, [victim(), ...modules]);
  await env.DB.prepare(
    "INSERT INTO settings (key, value) VALUES ('config:Vault', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
  )
    .bind(JSON.stringify({ apiKey: SECRET }))
    .run();
  expect(await say(rt, ".vault")).toBe("vault true");
  return rt;
}

const refusedReason = (rt: ReturnType<typeof runtimeWith>, name: string) =>
  rt.registry.refused.find((r) => r.name === name || r.file.includes(name))?.reasons.join("; ");

describe("the core takes a module's declaration by value", () => {
  it("ignores a module renaming itself after load (escape 1: m.name = 'Vault' inside run)", async () => {
    const m = defineModule({
      name: "Renamer",
      commands: {
        steal: {
          security: EVERYONE,
          async run(ctx) {
            (m as { name: string }).name = "Vault";
            const config = String(ctx.config.get("apiKey"));
            const data = String(await ctx.db.get("planted"));
            await ctx.respond(`config=${config} data=${data}`);
          },
        },
      },
    });
    const rt = await withVictim(m);
    const answer = await say(rt, ".steal", STRANGER);
    expect(answer).toBe("config=undefined data=undefined");
    expect(answer).not.toContain(SECRET);
    expect(rt.registry.module("Renamer")).toBeDefined();
    expect(await say(rt, ".ping")).toMatch(/Pong/);
  });

  it("refuses a name getter (escape 2) and a late rename at top level (escape 3)", async () => {
    const { buildRegistry } = await import("../../src/modules/registry");
    let reads = 0;
    const getterName = {
      get name() {
        reads++;
        return reads < 3 ? "Shifty" : "Vault";
      },
      commands: { shifty: { run: () => {} } },
    };
    const early = defineModule({ name: "Early", commands: { early: { run: () => {} } } });
    // As the build hands them over: each with the name the scan read, the attackers sorted first.
    const registry = buildRegistry(
      [],
      [
        { file: "modules/a-shifty.ts", name: "Shifty", load: () => getterName },
        { file: "modules/b-early.ts", name: "Early", load: () => ({ ...early, name: "Vault" }) },
        { file: "modules/vault.ts", name: "Vault", load: () => victim() },
      ],
    );
    expect(registry.refused.map((r) => r.reasons[0])).toEqual([
      expect.stringMatching(/name is a getter or setter/),
      "it declares the name Vault at run time, but Early when it was scanned",
    ]);
    expect(registry.module("Vault")?.manifest.commands.map((c) => c.name)).toEqual(["vault"]);
  });

  it("refuses a module whose run-time name is not the scanned one", async () => {
    const { buildRegistry } = await import("../../src/modules/registry");
    const registry = buildRegistry(
      [],
      [
        { file: "modules/a.ts", name: "Innocent", load: () => ({ name: "Vault" }) },
        { file: "modules/vault.ts", name: "Vault", load: () => victim() },
      ],
    );
    expect(registry.refused[0]?.reasons[0]).toMatch(
      /declares the name Vault at run time, but Innocent when it was scanned/,
    );
    expect(registry.module("Vault")?.manifest.commands[0]?.name).toBe("vault");
  });

  it("refuses aliases and commands that change between reads (escapes 4 and 5)", async () => {
    let aliasReads = 0;
    const shiftingAliases = {
      name: "Aliases",
      commands: {
        innocent: {
          get aliases() {
            return ++aliasReads > 2 ? ["cfg", "modules"] : [];
          },
          run: () => {},
        },
      },
    };
    let commandReads = 0;
    const shiftingCommands = {
      name: "Commands",
      get commands() {
        return ++commandReads > 2
          ? { hi: { run: () => {} }, sudo: { run: () => {} } }
          : { hi: { run: () => {} } };
      },
    };
    const rt = await withVictim(shiftingAliases, shiftingCommands);
    expect(refusedReason(rt, "test-1")).toMatch(/aliases is a getter/);
    expect(refusedReason(rt, "test-2")).toMatch(/commands is a getter/);
    expect(await say(rt, ".cfg Vault")).toMatch(/^⚙️ \| Vault:/);
    expect(await say(rt, `.sudo add ${STRANGER}`)).toBe(`👤 User ${STRANGER} is now SUDO.`);
    expect(await say(rt, `.sudo rm ${STRANGER}`)).toMatch(/no longer SUDO/);
  });

  it("keeps the levels and commands it copied when the module mutates its spec (escape 6)", async () => {
    const spec = {
      name: "Mutator",
      commands: {
        mutate: {
          security: OWNER as string,
          async run(ctx: CommandContext) {
            spec.commands.mutate.security = EVERYONE;
            (spec.commands as Record<string, unknown>).sudo = { security: EVERYONE, run: () => {} };
            await ctx.respond("mutated");
          },
        },
      },
    };
    const rt = await withVictim(spec);
    expect(await say(rt, ".mutate")).toBe("mutated");
    expect(await say(rt, ".mutate", STRANGER)).toBe("(no answer)");
    expect(await say(rt, `.sudo add ${STRANGER}`)).toBe(`👤 User ${STRANGER} is now SUDO.`);
    await say(rt, `.sudo rm ${STRANGER}`);
  });

  it("refuses non-plain declarations: a list with its own entries(), a class, a throwing getter", async () => {
    const watchers = Object.assign([], {
      entries() {
        throw new Error("boom");
      },
    });
    class Fancy {
      name = "Fancy";
    }
    const throwing = {
      name: "Thrower",
      get commands(): never {
        throw new Error("gotcha");
      },
    };
    const rt = await withVictim({ name: "Lists", watchers }, new Fancy(), throwing);
    expect(rt.registry.refused.map((r) => r.reasons[0])).toEqual([
      expect.stringMatching(/watchers is a list with a "entries" of its own/),
      expect.stringMatching(/not a plain object/),
      expect.stringMatching(/commands is a getter/),
    ]);
    expect(await say(rt, ".ping")).toMatch(/Pong/);
  });

  it("refuses a module whose top-level code throws, and loads the others", async () => {
    const { buildRegistry } = await import("../../src/modules/registry");
    const registry = buildRegistry(
      [],
      [
        {
          file: "modules/bad.ts",
          name: "Bad",
          load: () => {
            throw new Error("top level");
          },
        },
        { file: "modules/vault.ts", name: "Vault", load: () => victim() },
      ],
    );
    expect(registry.refused[0]?.reasons[0]).toBe("its top-level code threw: Error: top level");
    expect(registry.module("Vault")).toBeDefined();
  });

  it("refuses catastrophic watcher patterns and host entries that are not public names", () => {
    const rt = runtimeWith(testEnv, [
      { name: "Bomb", watchers: [{ pattern: /^(a+)+$/, security: EVERYONE, run: () => {} }] },
      { name: "Local", network: ["127.0.0.1"] },
      { name: "Port", network: ["example.com:8080"] },
      {
        name: "Fine",
        network: ["api.example.com"],
        watchers: [{ pattern: /\bafk\b/i, run: () => {} }],
      },
    ]);
    expect(rt.registry.refused.map((r) => r.name ?? r.file)).toEqual([
      "modules/test-0.ts",
      "modules/test-1.ts",
      "modules/test-2.ts",
    ]);
    expect(rt.registry.refused[0]?.reasons[0]).toMatch(/backtrack catastrophically/);
    expect(rt.registry.refused[1]?.reasons[0]).toMatch(/IP address/);
    expect(rt.registry.module("Fine")?.manifest.network).toEqual(["api.example.com"]);
  });
});

describe("the boundary around a handler", () => {
  it("keeps owner-only details from a stranger, whatever the module does to its ctx", async () => {
    const rt = await withVictim(
      defineModule({
        name: "Spoof",
        commands: {
          spoof: {
            security: EVERYONE,
            async run(ctx) {
              try {
                (ctx as { sender: string }).sender = OWNER_ID;
              } catch {}
              throw new Error(`detail ${SECRET}`);
            },
          },
        },
      }),
    );
    const answer = await say(rt, ".spoof", STRANGER);
    expect(answer).toBe("⚠️ | .spoof failed");
  });

  it("abandons a handler that never settles, answers once, and closes its ctx", async () => {
    let late: CommandContext | undefined;
    const rt = await withVictim(
      defineModule({
        name: "Hang",
        commands: {
          hang: {
            async run(ctx) {
              late = ctx;
              await new Promise(() => {});
            },
          },
        },
      }),
    );
    expect(await say(rt, ".hang")).toMatch(/^⚠️ \| \.hang failed: HandlerTimeoutError/);
    await expect(late?.respond("too late")).rejects.toThrow(/closed/);
    expect(await say(rt, ".ping")).toMatch(/Pong/);
  });

  it("refuses IDs that would move a request onto another endpoint", async () => {
    const before = (await hs.requests()).length;
    const rt = await withVictim(
      defineModule({
        name: "Paths",
        commands: {
          paths: {
            async run(ctx) {
              const tries = [
                () => ctx.send("hi", ".."),
                () => ctx.matrix.getEvent("!room:test.local", "../../../account/whoami"),
                () => ctx.matrix.getProfile("@a:b/../../x"),
                () => ctx.matrix.redact("..", "$x"),
              ];
              const out: string[] = [];
              for (const t of tries)
                out.push(
                  await t().then(
                    () => "ok",
                    (e: Error) => e.name,
                  ),
                );
              await ctx.respond(out.join(","));
            },
          },
        },
      }),
    );
    expect(await say(rt, ".paths")).toBe(
      "InvalidIdError,InvalidIdError,InvalidIdError,InvalidIdError",
    );
    const paths = (await hs.requests()).slice(before).map((r) => r.path);
    expect(paths.some((p) => p.includes("..") || p.includes("whoami"))).toBe(false);
  });

  it("withholds other modules' and the core's command text from getEvent", async () => {
    const [cfgEvent, chatter] = await hs.addEvents("!room:test.local", [
      {
        type: "m.room.message",
        sender: OWNER_ID,
        content: { msgtype: "m.text", body: `.cfg Vault apiKey ${SECRET}` },
      },
      {
        type: "m.room.message",
        sender: STRANGER,
        content: { msgtype: "m.text", body: "just chatting" },
      },
    ]);
    const rt = await withVictim(
      defineModule({
        name: "Reader",
        commands: {
          peek: {
            async run(ctx) {
              const a = await ctx.matrix.getEvent(ctx.roomId, String(cfgEvent));
              const b = await ctx.matrix.getEvent(ctx.roomId, String(chatter));
              const body = (e: { content: object }) =>
                String((e.content as { body?: unknown }).body);
              await ctx.respond(`${body(a)} / ${body(b)}`);
            },
          },
        },
      }),
    );
    const answer = await say(rt, ".peek");
    expect(answer).not.toContain(SECRET);
    expect(answer).toBe("(a command, withheld from modules) / just chatting");
  });
});
