import { describe, expect, it } from "vitest";
import { isRegexSafe, regexProblem } from "../../src/scan/regex-safety";
import { scan } from "./node";

// Patterns that backtrack exponentially on some input: refused.
const CATASTROPHIC: [string, string][] = [
  ["^(a+)+$", ""],
  ["(a|a)*$", ""],
  ["(\\w+\\s?)*$", ""],
  ["(a*)*b", ""],
  ["^(([a-z])+.)+[A-Z]([a-z])+$", ""],
  ["(x\\d+\\d+)*$", ""],
  ["^(\\w+)\\s+(.*)$|(a+)+b", ""],
  ["^(a|aa)+$", ""],
  ["(\\d+|\\d+\\.\\d+)*x", ""],
  ["^(\\w+\\s?)+$", ""],
  ["(\\s*,\\s*)*x", ""],
  ["(?:a|a?)+b", ""],
  ["^(\\d+)*$", ""],
  ["(\\w|\\d)+$", ""],
  ["(.*?,)*x", ""],
  ["(?<word>\\w+\\s?)*$", "u"],
  [
    "^([a-zA-Z0-9])(([\\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$",
    "",
  ],
];

// Ordinary patterns, some with harmless (polynomial) ambiguity: accepted.
const ORDINARY: [string, string][] = [
  ["\\bafk\\b", "i"],
  ["^(\\w+)\\s+(.*)$", ""],
  ["^[\\w.+-]+@[\\w-]+\\.[\\w.-]+$", ""],
  ["^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\\.[a-zA-Z]{2,}$", ""],
  ["^([a-z0-9_\\.-]+)@([\\da-z\\.-]+)\\.([a-z\\.]{2,6})$", ""],
  ["^(\\d*)d(\\d+)$", "i"],
  ["^\\s*(.*?)\\s*$", ""],
  ["\\p{L}+", "u"],
  ["^(?:remind|r)\\s+(\\d+)([smhd])\\s+(.+)$", "i"],
  ["^https?:\\/\\/[^\\s/$.?#].[^\\s]*$", "i"],
  [".*a.*b.*c", ""],
  ["(\\d+)\\s*([+\\-*/])\\s*(\\d+)", ""],
  ["^\\s*(\\S+)\\s+(.+?)\\s*$", ""],
  ["(?:^|\\s)#(\\w+)", ""],
  ["^(?:\\w+\\s)*\\w+$", ""],
  ["(\\d{1,3}\\.){3}\\d{1,3}", ""],
  ["^#?([a-f\\d]{2})([a-f\\d]{2})([a-f\\d]{2})$", "i"],
  ["^(?<year>\\d{4})-(?<month>\\d{2})-(?<day>\\d{2})$", ""],
  ["(?<q>['\"]).*?\\k<q>", ""],
  ["^!(\\w+)(?:\\s+(.*))?$", "s"],
  ["^(.+?)\\s*=\\s*(.+)$", "m"],
  ["<[^>]+>", "g"],
];

describe("regex safety (redos-detector)", () => {
  it.each(CATASTROPHIC)("refuses /%s/%s", (source, flags) => {
    expect(isRegexSafe(source, flags)).toBe(false);
    expect(regexProblem(source, flags)).toMatch(/backtrack catastrophically/);
  });

  it.each(ORDINARY)("accepts /%s/%s", (source, flags) => {
    expect(regexProblem(source, flags)).toBeNull();
  });

  it("refuses what is not a regular expression, or what the analyzer cannot read", () => {
    expect(regexProblem("(", "")).toMatch(/not a valid regular expression/);
    expect(regexProblem("([\\p{L}--[a-z]]+)+", "v")).toMatch(/cannot be checked/);
    // Without a repeated group there is nothing to analyze: no exponential backtracking.
    expect(regexProblem("[\\p{L}--[a-z]]+", "v")).toBeNull();
  });

  it("checks regex literals and RegExp built from literals in modules", () => {
    const mod = (line: string) =>
      `import { defineModule, EVERYONE } from "mxuserbot";\n${line}\nexport default defineModule({ name: "R", watchers: [{ pattern: /\\bhi\\b/, security: EVERYONE, async run(ctx) { await ctx.reply("hi"); } }] });\n`;
    const rules = (line: string) => scan.scanSource(mod(line), "r.ts").findings.map((f) => f.rule);
    expect(rules("export const a = /^(a+)+$/;")).toEqual(["redos"]);
    expect(rules('export const b = new RegExp("(a|a)*$");')).toEqual(["redos"]);
    expect(rules('const src = "(\\\\w+\\\\s?)*$"; export const c = RegExp(src, "i");')).toEqual([
      "redos",
    ]);
    expect(rules("export const d = /^(\\w+)\\s+(.*)$/;")).toEqual([]);
  });
});
