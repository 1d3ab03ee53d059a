import { afterAll, describe, expect, it } from "vitest";
import { fs, path, scan, tempDir } from "./node";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function folder(files: Record<string, string>): string {
  const dir = tempDir();
  dirs.push(dir);
  for (const [name, source] of Object.entries(files))
    fs.writeFileSync(path.join(dir, name), source);
  return dir;
}

const CRON_SEND = `import { defineModule } from "mxuserbot";

export default defineModule({
  name: "Nightly",
  cron: [
    {
      schedule: "0 3 * * *",
      async run(ctx) {
        await ctx.matrix.sendMessage("!room:example.org", "good night");
        await ctx.db.set("last", ctx.scheduledTime);
        await ctx.db.set("count");
      },
    },
  ],
});
`;

describe("type check against the SDK", () => {
  it("refuses a module that does not type-check, with the compiler's message at its position", async () => {
    const dir = folder({
      "nightly.ts": CRON_SEND.replace("good night", 'good night");\n        await ctx.send("x'),
    });
    const [result] = await scan.scanPaths([dir]);
    expect(result?.accepted).toBe(false);
    expect(result?.code).toBeNull();
    const types = result?.findings.filter((f) => f.rule === "types") ?? [];
    expect(types).toEqual([
      expect.objectContaining({
        line: 10,
        column: 19,
        message: expect.stringMatching(
          /^Property 'send' does not exist on type 'CronContext'.*\(TS2339\)/,
        ),
      }),
      expect.objectContaining({
        line: 12,
        column: 22,
        message: expect.stringMatching(/Expected 2 arguments, but got 1.*\(TS2554\)/),
      }),
    ]);
  });

  it("checks JavaScript modules too", async () => {
    const js = CRON_SEND.replace(
      '        await ctx.db.set("count");\n',
      '        await ctx.send("x");\n',
    );
    const [result] = await scan.scanPaths([
      path.join(folder({ "nightly.mjs": js }), "nightly.mjs"),
    ]);
    expect(result?.findings.map((f) => f.rule)).toEqual(["sdk-member", "types"]);
  });

  it("accepts modules that fit the SDK, all checked in one compiler run", async () => {
    const fine = CRON_SEND.replace('        await ctx.db.set("count");\n', "");
    const dir = folder({ "a.ts": fine, "b.ts": fine.replace("Nightly", "Other") });
    const results = await scan.scanPaths([dir, "modules", "test/scan/corpus/ordinary"]);
    expect(results.filter((r) => !r.accepted).map((r) => [r.file, r.findings])).toEqual([
      // modules/notes.ts and the corpus' notes.ts share a name.
      ["test/scan/corpus/ordinary/notes.ts", [expect.objectContaining({ rule: "duplicate-name" })]],
    ]);
  });

  it("can be left out", async () => {
    const dir = folder({ "nightly.ts": CRON_SEND });
    const [result] = await scan.scanPaths([dir], { typeCheck: false });
    expect(result?.accepted).toBe(true);
  });
});
