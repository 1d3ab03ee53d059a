import { env } from "cloudflare:test";
import { describe, expect, inject, it } from "vitest";
import { createTenant } from "../helpers/homeserver";
import { conversation, OWNER_ID } from "../helpers/worker";

const files = inject("filesUrl");
const put = async (path: string, body: string) => {
  const res = await fetch(`${files}/files/${path}`, { method: "PUT", body });
  if (!res.ok) throw new Error(`file host: ${res.status}`);
  return `${files}/files/${path}`;
};
const hashOf = async (text: string) => {
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)),
  );
  return [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
};

const moduleSource = (name: string, greeting: string, extra = "") => `
import { defineModule, EVERYONE, type CommandContext } from "mxuserbot";

export default defineModule({
  name: "${name}",
  version: "1.0.0",
  description: "Says hello",
  commands: {
    ${name.toLowerCase()}: {
      security: EVERYONE,
      async run(ctx: CommandContext) {
        const count = ((await ctx.db.get<number>("count")) ?? 0) + 1;
        await ctx.db.set("count", count);
        await ctx.respond("${greeting} #" + count);
      },
    },${extra}
  },
});
`;

const hs = await createTenant();
const ask = conversation(hs, { ALLOW_LOOPBACK_SOURCES: "true" });
const STRANGER = "@stranger:test.local";

describe(".modules install from chat", () => {
  it("previews, installs exactly the confirmed content, and runs it without a restart", async () => {
    const source = moduleSource("Hello", "hi");
    const url = await put("hello.ts", source);
    const sha = await hashOf(source);
    const preview = await ask(`.modules install ${url}`);
    expect(preview).toContain("📦 | Hello 1.0.0 — Says hello");
    expect(preview).toContain("Commands: hello (EVERYONE)");
    expect(preview).toContain("Network: none");
    expect(preview).toContain(`SHA-256: ${sha}`);
    expect(preview).toContain(`.modules install ${url} --sha256 ${sha}`);
    expect(await ask(".hello")).toBe("❓ | Unknown command .hello. Try .help");

    expect(await ask(`.modules install ${url} --sha256 ${sha}`)).toMatch(
      /^✅ \| Hello 1\.0\.0 is installed/,
    );
    expect(await ask(".hello", { sender: STRANGER })).toBe("hi #1");
    expect(await ask(".modules")).toMatch(/Hello 1\.0\.0/);
    const audit = await env.DB.prepare(
      "SELECT action, target FROM audit_log WHERE action = 'modules.install' AND target = 'Hello'",
    ).all();
    expect(audit.results).toHaveLength(1);
  });

  it("refuses at confirmation a file that changed since the preview", async () => {
    const url = await put("changing.ts", moduleSource("Changing", "v1"));
    const sha = await hashOf(moduleSource("Changing", "v1"));
    expect(await ask(`.modules install ${url}`)).toContain(sha);
    await put("changing.ts", moduleSource("Changing", "v2"));
    const answer = await ask(`.modules install ${url} --sha256 ${sha}`);
    expect(answer).toMatch(/^🚫 \| The file changed since the preview/);
    expect(await ask(".changing")).toBe("❓ | Unknown command .changing. Try .help");
    const row = await env.DB.prepare(
      "SELECT 1 FROM installed_modules WHERE name = 'Changing'",
    ).first();
    expect(row).toBeNull();
  });

  it("shows the scan's findings and installs nothing when the module is refused", async () => {
    const bad = `import { defineModule } from "mxuserbot";
export default defineModule({ name: "Sneaky", commands: { s: { async run(ctx) { await ctx.respond(String(globalThis)); } } } });`;
    const url = await put("sneaky.ts", bad);
    const preview = await ask(`.modules install ${url}`);
    expect(preview).toMatch(/^🚫 \| Sneaky cannot be installed:/);
    expect(preview).toMatch(/globalThis/);
    expect(await ask(`.modules install ${url} --sha256 ${await hashOf(bad)}`)).toMatch(/^🚫/);
  });

  it("refuses modules that would take a built-in or another module's command", async () => {
    const url = await put(
      "clash.ts",
      moduleSource("Clash", "x", `\n    sudo: { async run() {} },`),
    );
    expect(await ask(`.modules install ${url}`)).toContain(
      "the command sudo is already defined by the core",
    );
  });

  it("updates with a preview of what changed, then removes, keeping or purging data", async () => {
    const v1 = moduleSource("Upd", "one");
    const url = await put("upd.ts", v1);
    await ask(`.modules install ${url} --sha256 ${await hashOf(v1)}`);
    expect(await ask(".upd")).toBe("one #1");
    expect(await ask(".modules update Upd")).toBe(`📦 | Upd is up to date (${url}).`);

    const v2 = moduleSource(
      "Upd",
      "two",
      `\n    updextra: { security: "OWNER", async run(ctx) { await ctx.respond("extra"); } },`,
    );
    await put("upd.ts", v2);
    const preview = await ask(".modules update Upd");
    expect(preview).toContain("+ command updextra (OWNER)");
    expect(preview).toContain(`.modules update Upd --sha256 ${await hashOf(v2)}`);
    expect(await ask(`.modules update Upd --sha256 ${await hashOf(v2)}`)).toMatch(/^✅/);
    expect(await ask(".upd")).toBe("two #2");
    expect(await ask(".updextra")).toBe("extra");

    expect(await ask(".modules remove Upd")).toBe(
      "🗑 | Upd is removed; its data and config are kept.",
    );
    expect(await ask(".upd")).toBe("❓ | Unknown command .upd. Try .help");
    await ask(`.modules install ${url} --sha256 ${await hashOf(v2)}`);
    expect(await ask(".upd")).toBe("two #3");
    expect(await ask(".modules remove Upd --purge")).toMatch(/with its data and config/);
    const data = await env.DB.prepare("SELECT 1 FROM module_data WHERE module = 'Upd'").first();
    expect(data).toBeNull();
    expect(await ask(".modules remove Notes")).toMatch(/part of the deployed Worker/);
  });

  it("installs from a repository by name, checking the listed hash, and searches it", async () => {
    const src = moduleSource("Listed", "listed");
    const moduleUrl = await put("repo/listed.ts", src);
    const index = {
      modules: [
        {
          name: "Listed",
          version: "1.0.0",
          description: "A listed greeter",
          url: moduleUrl,
          sha256: await hashOf(src),
        },
        {
          name: "Wrong",
          version: "1.0.0",
          description: "hash does not match",
          url: moduleUrl,
          sha256: "0".repeat(64),
        },
      ],
    };
    const repoUrl = await put("repo/index.json", JSON.stringify(index));
    expect(await ask(`.modules repo add ${repoUrl}`)).toBe(
      `📚 | Added the repository ${repoUrl} (2 module(s)).`,
    );
    expect(await ask(".modules repo list")).toContain(repoUrl);
    expect(await ask(".modules search greeter")).toContain("Listed 1.0.0 — A listed greeter");
    expect(await ask(".modules install Wrong")).toMatch(/does not match its repository/);
    expect(await ask(".modules install Listed")).toMatch(/^✅ \| Listed 1\.0\.0 is installed/);
    expect(await ask(".listed")).toBe("listed #1");
    expect(await ask(`.modules repo rm ${repoUrl}`)).toMatch(/Removed the repository/);
  });

  it("is for owners only, and refuses URLs it must not fetch", async () => {
    expect(await ask(".modules install https://example.com/x.ts", { sender: STRANGER })).toBeNull();
    const strict = conversation(hs);
    expect(await strict(`.modules install ${files}/files/hello.ts`)).toMatch(/only https URLs/);
    expect(await ask(".modules install ftp://x/y")).toMatch(/only https URLs/);
    expect(await ask(".modules install https://user:pw@example.com/x.ts")).toMatch(/credentials/);
    void OWNER_ID;
  });
});

describe("without the sandbox runner", () => {
  it("explains the deploy-time path", async () => {
    const shared = conversation(hs, { MODULE_ISOLATION: "shared", ALLOW_LOOPBACK_SOURCES: "true" });
    const answer = await shared(".modules install https://example.com/x.ts");
    expect(answer).toContain("needs the sandbox runner");
    expect(answer).toContain("npm run modules -- add <url|Name>");
    expect(answer).toContain("wrangler deploy");
    // What was installed from chat is listed, with why it is off.
    expect(await shared(".modules")).toMatch(
      /Hello \(http:.*hello\.ts\): installed from chat: it runs only in the sandbox runner/,
    );
    expect(await shared(".hello", { sender: STRANGER })).toBeNull();
  });
});
