import { parse } from "acorn";
import { describe, expect, it } from "vitest";
import { fs, path, type ScanResult, scan } from "./node";

const CORPUS = "test/scan/corpus";
const corpus = (kind: "attacks" | "ordinary") =>
  fs
    .readdirSync(path.join(CORPUS, kind))
    .filter((f) => f.endsWith(".ts"))
    .sort()
    .map((f) => {
      const file = path.join(CORPUS, kind, f);
      return { file, source: fs.readFileSync(file, "utf8") };
    });

const attacks = corpus("attacks");
const ordinary = corpus("ordinary");
const checked = new Map(
  (await scan.scanPaths([`${CORPUS}/attacks`, `${CORPUS}/ordinary`])).map((r) => [r.file, r]),
);

/** Every finding points at a real position of the original source. */
function expectPositionsInside(result: ScanResult, source: string) {
  const lines = source.split(/\r\n?|\n/);
  for (const finding of result.findings) {
    expect(finding.line, JSON.stringify(finding)).toBeGreaterThanOrEqual(1);
    expect(finding.line, JSON.stringify(finding)).toBeLessThanOrEqual(lines.length);
    // Columns count from 1, as editors do; one past the end is the end of the line.
    expect(finding.column, JSON.stringify(finding)).toBeGreaterThanOrEqual(1);
    expect(finding.column, JSON.stringify(finding)).toBeLessThanOrEqual(
      (lines[finding.line - 1]?.length ?? 0) + 1,
    );
  }
}

const reparses = (code: string) =>
  parse(code, { ecmaVersion: "latest", sourceType: "module" }) !== null;

describe("attack corpus", () => {
  it("has at least 40 attacks, each naming the rule it expects", () => {
    expect(attacks.length).toBeGreaterThanOrEqual(40);
    for (const { file, source } of attacks) {
      expect(source, file).toMatch(/^\/\/ expect: [a-z-]+\n/);
    }
  });

  it.each(attacks)("refuses $file", ({ file, source }) => {
    const expected = /^\/\/ expect: ([a-z-]+)/.exec(source)?.[1];
    // As the CLI and the build scan: with the type check against the SDK.
    const result = checked.get(file) as ScanResult;
    expect(result.accepted).toBe(false);
    expect(result.code).toBeNull();
    expect(result.file).toBe(file);
    const rules = result.findings.map((f) => f.rule);
    expect(rules, JSON.stringify(result.findings, null, 2)).toContain(expected);
    // The expected finding is in the module, not on the `// expect:` line.
    const hit = result.findings.find((f) => f.rule === expected);
    expect(hit?.line).toBeGreaterThan(1);
    for (const finding of result.findings) expect(finding.message.length).toBeGreaterThan(20);
    expectPositionsInside(result, source);
    // The core alone (what runs in the Worker, without tsc) refuses it for the same reason.
    if (expected !== "types") {
      expect(scan.scanSource(source, file).findings.map((f) => f.rule)).toContain(expected);
    }
  });
});

describe("ordinary modules", () => {
  it("has at least 12", () => {
    expect(ordinary.length).toBeGreaterThanOrEqual(12);
  });

  it.each(ordinary)("accepts $file", ({ file, source }) => {
    expect(checked.get(file)?.findings, "with the type check").toEqual([]);
    const result = scan.scanSource(source, file);
    expect(result.findings).toEqual([]);
    expect(result.accepted).toBe(true);
    expect(result.name).toBe(/\bname: "(\w+)"/.exec(source)?.[1]);
    expect(result.code).not.toBeNull();
    expect(reparses(result.code ?? "")).toBe(true);
    expect(result.code).toContain('from "mxuserbot"');
  });
});

describe("positions", () => {
  it("reports lines and columns (from 1) of the TypeScript source, not of the transpiled code", () => {
    const source = [
      'import { defineModule } from "mxuserbot";', // 1
      "interface Profile {", // 2
      "  name: string;", // 3
      "  tags: readonly string[];", // 4
      "}", // 5
      "type Table<T extends object> = Record<string, T>;", // 6
      "const profiles: Table<Profile> = {};", // 7
      "export default defineModule({", // 8
      '  name: "Positions",', // 9
      "  async run(ctx: { args: string }, extra?: Table<Profile>): Promise<void> { void extra; await fetch(ctx.args as string); },", // 10
      "});", // 11
      "const h: Array<Map<string, number>> = []; export const k = (h as any).__proto__;", // 12
      "export const g = (h as any).constructor;", // 13
    ].join("\n");
    const result = scan.scanSource(source, "positions.ts");
    const network = result.findings.find((f) => f.rule === "network");
    expect(network).toMatchObject({
      line: 10,
      column: (source.split("\n")[9]?.indexOf("fetch(") ?? 0) + 1,
    });
    const property = result.findings.filter((f) => f.rule === "forbidden-property");
    expect(property).toContainEqual(
      expect.objectContaining({ line: 13, column: "export const g = (f as any).".length + 1 }),
    );
    expect(property).toContainEqual(
      expect.objectContaining({
        line: 12,
        column: (source.split("\n")[11]?.indexOf("__proto__") ?? 0) + 1,
      }),
    );
  });

  it("reports a finding on line 7 of a file with types above it as line 7", () => {
    const source = [
      'import { defineModule, type CommandContext } from "mxuserbot";',
      "type Reply = {",
      "  body: string;",
      "};",
      "const greet = (ctx: CommandContext, reply: Reply): Promise<string> =>",
      "  ctx.respond(reply.body);",
      "const token: string = (globalThis as { t?: string }).t ?? '';",
      'export default defineModule({ name: "Seven", commands: { hi: { run: (ctx) => greet(ctx, { body: token }) } } });',
    ].join("\n");
    const result = scan.scanSource(source, "seven.ts");
    expect(result.findings).toEqual([
      expect.objectContaining({ rule: "global-object", line: 7, column: 24 }),
    ]);
  });

  it("reports syntax errors at their TypeScript position", () => {
    const source = 'import { defineModule } from "mxuserbot";\ntype A = string;\nconst x: A = ;\n';
    const result = scan.scanSource(source, "broken.ts");
    expect(result.accepted).toBe(false);
    expect(result.findings).toEqual([
      expect.objectContaining({ rule: "syntax", line: 3, column: 14 }),
    ]);
  });

  it("reports escapes at their own position, decoded names at theirs", () => {
    const source =
      'import { defineModule } from "mxuserbot";\nconst a = 1;\n  const b = \\u0061;\nexport default defineModule({ name: "E" });\n';
    const result = scan.scanSource(source, "escape.ts");
    expect(result.findings).toEqual([
      expect.objectContaining({ rule: "escaped-identifier", line: 3, column: 13 }),
    ]);
  });
});

const module = (body: string, top = "") =>
  `import { defineModule, EVERYONE } from "mxuserbot";\n${top}\nexport default defineModule({\n  name: "T",\n  commands: { t: { security: EVERYONE, async run(ctx) {\n${body}\n  } } },\n});\n`;

const rulesOf = (source: string, file = "t.ts") =>
  scan.scanSource(source, file).findings.map((f) => f.rule);

describe("scoping", () => {
  it("a name declared in an inner scope does not cover the global outside it", () => {
    expect(rulesOf(module("{ let fetch = () => 1; fetch(); }\nfetch('x');"))).toEqual(["network"]);
    expect(rulesOf(module("try { x(); } catch (fetch) { fetch(); }\nfetch('x');"))).toEqual([
      "global",
      "network",
    ]);
  });

  it("resolves hoisted vars, functions, params, catch params and expression names", () => {
    const source = module(
      [
        "if (ctx) { var hoisted = 1; }",
        "const f = function named(n: number): number { return n ? named(n - 1) : hoisted; };",
        "const C = class Self { static make() { return new Self(); } };",
        "try { f(1); } catch (error) { void error; }",
        "for (const [k, v] of Object.entries({ a: 1 })) void [k, v];",
        "label: for (let i = 0; i < 1; i++) { if (i) continue label; }",
        "switch (ctx.args) { case 'a': { const inner = 1; void inner; } }",
        "void later(); function later() { return arguments.length; }",
        "void C.make();",
      ].join("\n"),
    );
    expect(scan.scanSource(source, "t.ts").findings).toEqual([]);
  });

  it("a let in a block does not leak out of it", () => {
    expect(rulesOf(module("{ let crypt = 1; void crypt; }\nvoid crypt;"))).toEqual(["global"]);
  });

  it("`arguments` outside a function is a global", () => {
    expect(rulesOf(module("", "const a = () => arguments;"))).toEqual(["global"]);
  });
});

describe("globals", () => {
  it.each([
    "void Object.keys({});",
    "void Array.from('ab', String);",
    "void [1, '2'].map(Number).filter(Boolean);",
    "void JSON.parse('{}');",
    "void Math.max(1, 2);",
    "void Number.isInteger(1);",
    "void new Date(Date.now()).toISOString();",
    "void new Map([[1, 2]]);",
    "void Promise.all([]);",
    "void Symbol.iterator;",
    "void new URL('https://a.example').host;",
    "void new Intl.NumberFormat('en').format(1);",
    "void (typeof undefined);",
    "void new TextEncoder().encode('x');",
    "console.log('x');",
    "void (ctx instanceof Error);",
    "class E extends Error {}\nvoid E;",
    "setTimeout(() => 1, 1);",
    "void Object['keys']({});",
    "void String.raw.length;",
    "void [console.log.bind, String.raw.call];",
    "void [1].map(Math.abs).filter(Number.isFinite);",
    "void (ctx === Number);",
    "const tag = Symbol.iterator; void tag;",
  ])("accepts %s", (statement) => {
    expect(scan.scanSource(module(statement), "t.ts").findings).toEqual([]);
  });

  it.each([
    ["Object.getOwnPropertyNames({})", "prototype"],
    ["Object.create(null)", "prototype"],
    ["Object.groupBy([], String)", "global-member"],
    ["Array.fromAsync([])", "global-member"],
    ["JSON.rawJSON('1')", "global-member"],
    ["Symbol.toPrimitive", "global-member"],
    ["setTimeout.call(null, () => 1)", "global-member"],
    ["[JSON].length", "global-alias"],
    ["{ ...Math }", "global-alias"],
    ["Array.from([1], function () {}, Math)", "global-alias"],
    ["new WeakRef({})", "global"],
  ])("%s → %s", (expression, rule) => {
    expect(rulesOf(module(`void (${expression});`))).toContain(rule);
  });
});

describe("critical names", () => {
  it("allows them in prose", () => {
    const source = module(
      "await ctx.respond('Fetching crypto prices… log out of all devices? Your access token is never shown.');",
    );
    expect(scan.scanSource(source, "t.ts").findings).toEqual([]);
  });

  it.each([
    ["'devices'", "a whole string"],
    ["'/_matrix/client/v3/logout'", "a path segment"],
    ["'?access_token=' + ctx.args", "a query key"],
    ["'use ctx.devices'", "a member"],
    ["'deviceId'", "camelCase"],
    ["`Device-Id`", "a template"],
    ["/[?&]access_token=([^&]+)/", "a regular expression"],
  ])("refuses %s (%s)", (expression) => {
    // Passed on, not just mentioned: esbuild drops unused literals, which then cannot do harm.
    expect(rulesOf(module(`await ctx.respond(String(${expression}));`))).toContain("critical-name");
  });

  it("refuses them as identifiers and properties, whatever the case or separators", () => {
    for (const name of [
      "accessToken",
      "ACCESS_TOKEN",
      "as_token",
      "HsToken",
      "logout_all",
      "device_id",
    ]) {
      expect(rulesOf(module(`const o = {}; void (o as any).${name};`))).toEqual(["critical-name"]);
      expect(rulesOf(module(`const ${name} = 1; void ${name};`))).toContain("critical-name");
    }
  });

  it("lets strings hold the word crypto, but not a key or a name", () => {
    expect(rulesOf(module("await ctx.respond(String('crypto'));"))).toEqual([]);
    expect(rulesOf(module("const o: any = {}; void o['crypto'];"))).toEqual(["critical-name"]);
    expect(rulesOf(module("const k = 'crypto'; const o: any = {}; void o[k];"))).toEqual([
      "critical-name",
    ]);
    expect(rulesOf(module("void { 'crypto': 1 };"))).toEqual(["critical-name"]);
  });

  it("leaves longer names that merely contain them alone", () => {
    expect(
      rulesOf(
        module(
          "const cryptocurrency = 1; const myDevicesList = 2; void [cryptocurrency, myDevicesList];",
        ),
      ),
    ).toEqual([]);
  });
});

describe("escapes", () => {
  it("allows escapes in strings, templates and regular expressions, and non-ASCII names", () => {
    const source = module(
      "const café = '\\u00e9'; const t = `\\u{1F600}`; const r = /\\u0041\\/x/u; const d = 4 / 2 / 1;\nvoid [café, t, r, d];",
    );
    expect(scan.scanSource(source, "t.ts").findings).toEqual([]);
  });
});

describe("timers", () => {
  it("accepts functions, and refuses strings also through a const", () => {
    expect(rulesOf(module("setTimeout(function () {}, 1); setInterval(() => 1, 1);"))).toEqual([]);
    expect(rulesOf(module("const code = 'x()'; setTimeout(code, 1);"))).toEqual(["string-timer"]);
    expect(rulesOf(module("setTimeout(`x()`, 1);"))).toEqual(["string-timer"]);
    expect(rulesOf(module("setInterval('x' + ctx.args, 1);"))).toEqual(["string-timer"]);
    expect(rulesOf(module("setTimeout();"))).toEqual(["string-timer"]);
  });

  it("wraps callbacks it cannot see so that they run as calls", () => {
    const result = scan.scanSource(
      module("await new Promise((resolve) => setTimeout(resolve, 1));"),
      "t.ts",
    );
    expect(result.accepted).toBe(true);
    expect(result.code).toContain("setTimeout(((f) => (...a) => f(...a))(resolve), 1)");
  });
});

describe("module shape", () => {
  it("reads the name from defineModule imported under another name", () => {
    const source =
      'import { defineModule as dm } from "mxuserbot";\nexport default dm({ name: "Aliased" });\n';
    expect(scan.scanSource(source, "t.ts")).toMatchObject({ accepted: true, name: "Aliased" });
  });

  it("accepts a const exported as default, but not one assigned again", () => {
    const ok =
      'import { defineModule } from "mxuserbot";\nconst m = defineModule({ name: "M" });\nexport { m as default };\n';
    expect(scan.scanSource(ok, "t.ts")).toMatchObject({ accepted: true, name: "M" });
    const swapped =
      'import { defineModule } from "mxuserbot";\nlet m = defineModule({ name: "M" });\nm = { name: "M" } as never;\nexport { m as default };\n';
    expect(rulesOf(swapped)).toContain("module-shape");
    const redeclared =
      'import { defineModule } from "mxuserbot";\nvar m = defineModule({ name: "M" });\nvar m = {} as never;\nexport { m as default };\n';
    expect(rulesOf(redeclared)).toContain("module-shape");
  });

  it("refuses a module without a default export, or with a name that is not a literal", () => {
    expect(
      rulesOf(
        'import { defineModule } from "mxuserbot";\nexport const x = defineModule({ name: "X" });\n',
      ),
    ).toEqual(["module-shape"]);
    expect(
      rulesOf(
        'import { defineModule } from "mxuserbot";\nconst n = "X";\nexport default defineModule({ name: n });\n',
      ),
    ).toEqual(["module-name"]);
    expect(
      rulesOf(
        'import { defineModule } from "mxuserbot";\nexport default defineModule({ get name() { return "X"; } });\n',
      ),
    ).toEqual(["module-name"]);
  });

  it("reads JavaScript modules too", () => {
    const source =
      'import { defineModule } from "mxuserbot";\nexport default defineModule({ name: "Js" });\n';
    expect(scan.scanSource(source, "plain.mjs")).toMatchObject({ accepted: true, name: "Js" });
    expect(scan.scanSource("const x: number = 1;", "plain.js").findings[0]?.rule).toBe("syntax");
  });
});

describe("built-ins used as values", () => {
  it("hands the value globals over wrapped, so the module never holds the shared function", () => {
    const result = scan.scanSource(
      module("const n = ctx.argv.map(Number); const s = { String }; void [n, s];"),
      "t.ts",
    );
    expect(result.findings).toEqual([]);
    const code = result.code ?? "";
    expect(code).toMatch(/ctx\.argv\.map\(\(\(v\) => function .*\)\(Number\)\)/);
    expect(code).toMatch(/\{ String: \(\(v\) => function .*\)\(String\) \}/);
    expect(reparses(code)).toBe(true);
  });

  it("refuses other globals as values, and destructuring any of them", () => {
    expect(rulesOf(module("const j = JSON; void j;"))).toEqual(["global-alias"]);
    expect(rulesOf(module("const { isInteger } = Number; void isInteger;"))).toEqual([
      "global-alias",
    ]);
    expect(rulesOf(module("let p; ({ parse: p } = JSON); void p;"))).toEqual(["global-alias"]);
  });

  it("refuses assigning call, apply or bind, which every caller of a shared method would go through", () => {
    expect(rulesOf(module("const f = ({}).toString; (f as any).call = () => 1;"))).toEqual([
      "builtin-write",
    ]);
    expect(rulesOf(module("(([] as any).push as any)['apply'] = () => 1;"))).toEqual([
      "builtin-write",
    ]);
    expect(rulesOf(module("Object.assign([].push, { bind: () => 1 });"))).toEqual([
      "builtin-write",
    ]);
  });
});

describe("rewrite", () => {
  const source = module(
    [
      "const obj: Record<string, unknown> = { a: 1 };",
      "const k = ctx.args;",
      "void obj[k];",
      "void obj?.[k + '!'];",
      "void { [k]: 1 };",
      "const { [k]: picked } = obj;",
      "class A { [k]() { return 1; } static [k.length] = 2; }",
      "class B extends A { m() { return super[k]; } }",
      "void [picked, B];",
      "void obj[0]; void obj['a']; void obj[`a`]; void obj['a' + 1];",
      "const list = [1, 2]; let i = 0; void list[i++]; void obj[(i, k)];",
      "obj[k] = 2;",
    ].join("\n"),
  );
  const result = scan.scanSource(source, "t.ts");
  const code = result.code ?? "";

  it("guards every computed key the scan cannot see, and no literal key", () => {
    expect(result.accepted).toBe(true);
    expect(
      code.startsWith('import { __mxKey } from "mxuserbot";\nconst __mxWriteKey = (k) =>'),
    ).toBe(true);
    for (const guarded of [
      "obj[__mxKey(k)]",
      'obj?.[__mxKey(k + "!")]',
      "{ [__mxKey(k)]: 1 }",
      "{ [__mxKey(k)]: picked }",
      "[__mxKey(k)]() {",
      "static [__mxKey(k.length)] = 2",
      "super[__mxKey(k)]",
      "list[__mxKey(i++)]",
      "obj[__mxKey((i, k))]",
      "obj[__mxWriteKey(k)] = 2",
    ]) {
      expect(code).toContain(guarded);
    }
    // esbuild folds 'a' + 1 into "a1" already.
    for (const plain of ["obj[0]", 'obj["a"]', "obj[`a`]", 'obj["a1"]'])
      expect(code).toContain(plain);
    expect(reparses(code)).toBe(true);
  });

  it("adds no import when nothing needs guarding", () => {
    const plain = scan.scanSource(module("await ctx.respond('hi');"), "t.ts");
    expect(plain.code).not.toContain("__mxKey");
  });
});

describe("scanPaths", () => {
  it("expands folders to their module files, sorted, and keeps paths as given", async () => {
    const results = await scan.scanPaths([`${CORPUS}/ordinary`, `${CORPUS}/attacks/fetch.ts`]);
    const files = results.map((r) => r.file);
    expect(files.slice(0, -1)).toEqual(ordinary.map((o) => o.file));
    expect(files.at(-1)).toBe(`${CORPUS}/attacks/fetch.ts`);
    expect(results.at(-1)?.accepted).toBe(false);
  });

  it("refuses a second module with a name already taken", async () => {
    const file = `${CORPUS}/ordinary/dice.ts`;
    const results = await scan.scanPaths([file, file]);
    expect(results[0]?.accepted).toBe(true);
    expect(results[1]).toMatchObject({ accepted: false, code: null, name: "Dice" });
    const line = fs.readFileSync(file, "utf8").split("\n").indexOf('  name: "Dice",') + 1;
    expect(results[1]?.findings).toEqual([
      expect.objectContaining({ rule: "duplicate-name", line, column: 9 }),
    ]);
  });
});
