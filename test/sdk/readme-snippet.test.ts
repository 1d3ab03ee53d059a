import { createHarness } from "mxuserbot/testing";
import { describe, expect, it } from "vitest";
import notes from "../../modules/notes";
import readme from "../../README.md?raw";

// The README's "Testing a module" snippet, verbatim: the second test keeps the two in sync.
const SNIPPET = `import { createHarness } from "mxuserbot/testing";
import notes from "../../modules/notes";

const bot = createHarness(notes, { sudos: ["@friend:test"] });
await bot.command(".note shop milk eggs", { sender: "@friend:test" });
expect(bot.sent.at(-1)?.body).toBe("📝 | Saved note shop.");
expect(await bot.command(".note x y", { sender: "@stranger:test" })).toEqual([]); // no access`;

describe("the README's harness snippet", () => {
  it("runs as written", async () => {
    const bot = createHarness(notes, { sudos: ["@friend:test"] });
    await bot.command(".note shop milk eggs", { sender: "@friend:test" });
    expect(bot.sent.at(-1)?.body).toBe("📝 | Saved note shop.");
    expect(await bot.command(".note x y", { sender: "@stranger:test" })).toEqual([]); // no access
  });

  it("is the snippet the README shows", () => {
    expect(readme).toContain(SNIPPET);
  });
});

describe("the harness behaves like the bot", () => {
  it("keeps watchers quiet while required config is unset, and validates config", async () => {
    const { defineModule, EVERYONE } = await import("mxuserbot");
    const module = defineModule({
      name: "Needy",
      config: {
        room: { required: true },
        count: { default: 1, validate: (v) => (typeof v === "number" && v > 0) || "positive" },
      },
      watchers: [
        {
          pattern: /\bping\b/,
          security: EVERYONE,
          async run(ctx) {
            ctx.log.info(`saw ${ctx.match[0]}`);
            await ctx.db.set("seen", { times: ctx.config.get<number>("count") });
            await ctx.reply("pong");
          },
        },
      ],
      cron: [{ schedule: "0 * * * *", run: (ctx) => void ctx.log.warn("hourly") }],
    });
    const quiet = createHarness(module);
    expect(await quiet.message("ping")).toEqual([]);
    await expect(createHarness(module, { config: { count: -1 } }).message("x")).rejects.toThrow(
      "Needy.count: positive",
    );

    const bot = createHarness(module, { config: { room: "!r:test", count: 2 } });
    expect((await bot.message("ping", { sender: "@anyone:test" }))[0]?.body).toBe("pong");
    expect(bot.db.get("seen")).toEqual({ times: 2 });
    await expect(bot.configure("count", 0)).rejects.toThrow("positive");
    expect(await bot.cron(0, Date.UTC(2026, 0, 1, 10, 30))).toEqual([]);
    await bot.cron(0, Date.UTC(2026, 0, 1, 11, 0));
    expect(bot.logs).toEqual([
      { level: "info", message: "saw ping" },
      { level: "warn", message: "hourly" },
    ]);
  });

  it("refuses what the bot would refuse", () => {
    expect(() =>
      createHarness({
        name: "Bad",
        get commands() {
          return {};
        },
      }),
    ).toThrow(/would refuse Bad: .*getter/);
  });
});
