import { describe, expect, it } from "vitest";
import { defineModule, EVERYONE, OWNER, UsageError } from "../../src/sdk";
import { createTenant } from "../helpers/homeserver";
import { feed, runModuleCron, runtimeWith } from "../helpers/modules";
import { answerText, envFor, message, OWNER_ID, ROOM, uid } from "../helpers/worker";

const boom = defineModule({
  name: "Boom",
  commands: {
    boom: {
      security: EVERYONE,
      run() {
        throw new Error("kaboom");
      },
    },
    strict: {
      security: EVERYONE,
      usage: "<n>",
      run() {
        throw new UsageError("n must be a number");
      },
    },
  },
});

const greet = defineModule({
  name: "Greet",
  config: {
    greeting: {
      default: "hi",
      validate: (v) => (typeof v === "string" && v.length < 10) || "short text only",
    },
    target: { required: true, description: "who to greet" },
  },
  commands: {
    greet: {
      run: (ctx) => void ctx.respond(`${ctx.config.get("greeting")} ${ctx.config.get("target")}`),
    },
  },
  watchers: [{ pattern: /\bhello\b/, security: EVERYONE, run: (ctx) => void ctx.reply("hello!") }],
});

const echo = defineModule({
  name: "Echo",
  commands: {
    echo: {
      security: EVERYONE,
      aliases: ["e"],
      description: "Echo",
      run: (ctx) => void ctx.respond(`echo ${ctx.args}`),
    },
    secret: { description: "SUDO only", run: (ctx) => void ctx.respond("secret") },
  },
  watchers: [
    { pattern: /\bgated\b/, run: (ctx) => void ctx.reply(`gated ${ctx.match[0]}`) },
    {
      pattern: /\bopen (\w+)/,
      security: EVERYONE,
      run: (ctx) => void ctx.reply(`open ${ctx.match[1]}`),
    },
  ],
  on: {
    "m.reaction": { run: (ctx) => void ctx.send(`reaction from ${ctx.sender}`) },
  },
  cron: [
    {
      schedule: "*/10 * * * *",
      run: (ctx) => void ctx.matrix.sendMessage(ROOM, `tick ${ctx.scheduledTime}`),
    },
  ],
});

async function setup(
  refused = [
    { file: "modules/evil.ts", name: "Evil", reasons: ["network at 3:2: fetch is not allowed"] },
  ],
) {
  const hs = await createTenant();
  const rt = runtimeWith(envFor(hs), [boom, echo, greet], refused);
  const texts = async () => (await hs.sent()).map((e) => answerText(e.content));
  return { hs, rt, texts };
}

const stranger = () => `@${uid("s")}:test.local`;

describe("modules at run time", () => {
  it("answers a throwing module with an error, and the rest of the transaction goes on", async () => {
    const { rt, texts } = await setup();
    const who = stranger();
    await feed(
      rt,
      [
        message(".boom"),
        message(".boom", { sender: who }),
        message(".strict x"),
        message(".echo still here"),
      ],
      uid("t"),
    );
    expect(await texts()).toEqual([
      "⚠️ | .boom failed: Error: kaboom",
      "⚠️ | .boom failed",
      "❌ | n must be a number\nUsage: .strict <n>",
      "echo still here",
    ]);
  });

  it("runs aliases, gates undeclared watchers, and opens declared ones", async () => {
    const { rt, texts } = await setup();
    const who = stranger();
    await feed(rt, [
      message(".e a"),
      message("gated x", { sender: who }),
      message("gated y"),
      message("open door", { sender: who }),
    ]);
    expect(await texts()).toEqual(["echo a", "gated gated", "open door"]);
  });

  it("runs `on` handlers for other event types, gated", async () => {
    const { rt, hs } = await setup();
    const reaction = (sender: string) => ({
      ...message("", { sender }),
      type: "m.reaction",
      content: { "m.relates_to": { rel_type: "m.annotation", event_id: "$x", key: "👍" } },
    });
    await feed(rt, [reaction(stranger()), reaction(OWNER_ID)]);
    expect((await hs.sent()).map((e) => e.content.body)).toEqual([`reaction from ${OWNER_ID}`]);
  });

  it("asks for required config instead of running, then runs once it is set", async () => {
    const { rt, texts } = await setup();
    await feed(rt, [message(".greet"), message("hello there")]);
    expect(await texts()).toEqual(["⚙️ | Greet needs configuring first: .cfg Greet target <value>"]);
    await feed(rt, [
      message(".cfg Greet greeting waytoolongvalue"),
      message(".cfg Greet target world"),
      message(".greet"),
    ]);
    const after = await texts();
    expect(after[1]).toBe("❌ | Greet.greeting: short text only");
    expect(after[2]).toBe('✅ | Greet: target = "world" — who to greet');
    expect(after[3]).toBe("hi world");
    await feed(rt, [
      message(".cfg Greet"),
      message(".cfg Greet target --unset"),
      message(".cfg Nope"),
    ]);
    const last = await texts();
    expect(last[4]).toContain('greeting = "hi"');
    expect(last[5]).toBe("✅ | Greet: target = not set (required) — who to greet");
    expect(last[6]).toMatch(/no module named Nope/);
  });

  it("lists loaded and refused modules with the reasons, and switches one off and on", async () => {
    const { rt, texts } = await setup();
    await feed(rt, [message(".modules")]);
    const [listing] = await texts();
    expect(listing).toContain("• Boom");
    expect(listing).toContain("Evil (modules/evil.ts): network at 3:2: fetch is not allowed");
    await feed(rt, [
      message(".modules disable Echo"),
      message(".echo x"),
      message(".modules disable Core"),
    ]);
    await feed(rt, [message(".modules enable echo"), message(".echo y")]);
    expect((await texts()).slice(1)).toEqual([
      "📦 | Echo is disabled.",
      // The owner hears why; anyone else gets silence.
      "📦 | .echo belongs to Echo, which is disabled: .modules enable Echo",
      "❌ | Core is built in and cannot be switched off\nUsage: .modules [disable|enable|install|update|remove|repo|search …]",
      "📦 | Echo is enabled.",
      "echo y",
    ]);
  });

  it("lists module commands in .help, only those the sender may run", async () => {
    const { rt, texts } = await setup();
    await feed(rt, [
      message(".help", { sender: stranger() }),
      message(".help Echo"),
      message(".help e"),
    ]);
    const [forStranger, module, command] = await texts();
    expect(forStranger).toContain("Echo: .echo");
    expect(forStranger).not.toContain(".secret");
    expect(module).toContain(".secret");
    expect(command).toContain("Aliases: .e");
  });

  it("runs module cron jobs when due, once per minute even when runs overlap", async () => {
    const { rt, hs } = await setup();
    const base = Date.UTC(2026, 10, 22, 12, 0);
    await runModuleCron(rt, base + 60_000);
    expect(await hs.sent()).toHaveLength(0);
    await Promise.all([
      runModuleCron(rt, base + 10 * 60_000),
      runModuleCron(rt, base + 10 * 60_000 + 5_000),
    ]);
    const sends = await hs.requests({ method: "PUT", pathIncludes: "/send/" });
    expect(sends).toHaveLength(1);
    expect((await hs.sent())[0]?.content.body).toBe(`tick ${base + 10 * 60_000}`);
  });

  it("refuses a module whose name or commands clash with another or with a built-in", async () => {
    const clash = runtimeWith(envFor(await createTenant()), [
      boom,
      defineModule({ name: "boom", commands: {} }),
      defineModule({ name: "Other", commands: { ping: { run: () => {} } } }),
      defineModule({ name: "core" }),
    ]);
    expect(clash.registry.refused.map((r) => r.reasons[0])).toEqual([
      "the name boom is already taken by another module",
      "command ping is already defined by the core",
      "the name core is already taken by a built-in module",
    ]);
  });

  it("keeps OWNER module commands owner-only", async () => {
    const owned = defineModule({
      name: "Owned",
      commands: { mine: { security: OWNER, run: (c) => void c.respond("mine") } },
    });
    const hs = await createTenant();
    const rt = runtimeWith(envFor(hs), [owned]);
    await feed(rt, [message(".mine", { sender: stranger() }), message(".mine")]);
    expect((await hs.sent()).map((e) => answerText(e.content))).toEqual(["mine"]);
  });
});
