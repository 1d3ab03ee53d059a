import { describe, expect, it } from "vitest";
import { SDK_VALUE_EXPORTS } from "../../src/sdk/members";
import { scan } from "./node";

const command = (body: string, top = "") =>
  `import { defineModule, EVERYONE } from "mxuserbot";\n${top}\nexport default defineModule({\n  name: "T",\n  commands: { t: { security: EVERYONE, async run(ctx) {\n${body}\n  } } },\n});\n`;

const rulesOf = (source: string) => scan.scanSource(source, "t.ts").findings.map((f) => f.rule);

describe("the SDK's members", () => {
  it("SDK_VALUE_EXPORTS lists exactly what src/sdk/index.ts exports", async () => {
    const sdk = await import("../../src/sdk/index");
    expect(Object.keys(sdk).sort()).toEqual([...SDK_VALUE_EXPORTS].sort());
  });

  it.each([
    "void (ctx as any).env;",
    'void (ctx as any)["env"];',
    "void (ctx as any)[`env`];",
    'void (ctx as any)["\\x65nv"];',
    'void (ctx as any)["e" + "nv"];',
    "const key = 'env'; void (ctx as any)[key];",
    "await (ctx.matrix as any).getAccessToken();",
    "await (ctx.matrix as any).deleteDevice('X');",
    "void (ctx.matrix as any).cryptoEnabled;",
    "void (ctx.db as any).raw;",
    "void (ctx.http as any).env;",
    "void (ctx.respond as any).internals;",
    "void (ctx as any)?.env;",
    "const { env } = ctx as any; void env;",
    "const { matrix } = ctx; await (matrix as any).getAccessToken();",
    "const { matrix: { getAccessToken } } = ctx as any; void getAccessToken;",
    "const m = ctx.matrix; void (m as any).client;",
    "const c = ctx; void (c as any).env;",
    "let c; c = ctx; void (c as any).env;",
    "const c = Math.random() > 1 ? ctx : ctx; void (c as any).env;",
    "const c = (ctx as any) || {}; void c.env;",
    "const { db, ...rest } = ctx; void [db, (rest as any).env];",
    "void (arguments[0] as any).env;",
  ])("refuses the probe %s", (statement) => {
    expect(rulesOf(command(statement))).toContain("sdk-member");
  });

  it("follows ctx into the module's own functions", () => {
    const helper =
      "function peek(c: any) { return c.env; }\nconst peek2 = (c: any) => c.matrix.getAccessToken();";
    expect(rulesOf(command("void peek(ctx); void peek2(ctx);", helper))).toEqual([
      "sdk-member",
      "sdk-member",
    ]);
    const tools = "const tools = { peek(c: any) { return c.env; } };";
    expect(rulesOf(command("void tools.peek(ctx);", tools))).toEqual(["sdk-member"]);
  });

  it("finds handlers written elsewhere in the module", () => {
    const source = `import { defineModule } from "mxuserbot";
async function handle(ctx: any) { await ctx.env; }
const commands = { go: { run: handle } };
const cron = [{ schedule: "* * * * *", run: (ctx: any) => ctx.event }];
export default defineModule({ name: "T", commands, cron });
`;
    expect(rulesOf(source)).toEqual(["sdk-member", "sdk-member"]);
  });

  it("knows which ctx each kind of handler gets", () => {
    const source = (kind: string, body: string) =>
      `import { defineModule } from "mxuserbot";\nexport default defineModule({ name: "T", ${kind} });\n`.replace(
        "BODY",
        body,
      );
    const watcher = (body: string) =>
      source("watchers: [{ pattern: /x/, async run(ctx: any) { BODY } }]", body);
    const cron = (body: string) =>
      source('cron: [{ schedule: "* * * * *", async run(ctx: any) { BODY } }]', body);
    const on = (body: string) =>
      source('on: { "m.reaction": { async run(ctx: any) { BODY } } }', body);
    expect(rulesOf(watcher("await ctx.reply(ctx.match[0]);"))).toEqual([]);
    expect(rulesOf(watcher("void ctx.argv;"))).toEqual(["sdk-member"]);
    expect(
      rulesOf(cron("void ctx.scheduledTime; await ctx.matrix.sendMessage('!r', 'x');")),
    ).toEqual([]);
    expect(rulesOf(cron("await ctx.send('x');"))).toEqual(["sdk-member"]);
    expect(rulesOf(cron("void ctx.roomId;"))).toEqual(["sdk-member"]);
    expect(rulesOf(on("void ctx.event.content; await ctx.react('👍');"))).toEqual([]);
    expect(rulesOf(on("void ctx.args;"))).toEqual(["sdk-member"]);
  });

  it("leaves ordinary use of ctx and of plain data alone", () => {
    const body = [
      "const { argv, db, matrix } = ctx;",
      "const first = argv[0] ?? '';",
      "const i = Number(ctx.args) | 0;",
      "void [argv[i], ctx.event.content, ctx.event.sender, ctx.roomId, ctx.module];",
      "const send = ctx.respond.bind(ctx);",
      "await send(first);",
      "await ctx.reply.call(ctx, 'x');",
      "void [ctx.respond.name, ctx.respond.length];",
      "await db.set(first, await db.get(first));",
      "await matrix.whoami();",
      "await ctx.config.get('x'); await ctx.security.isSudo(ctx.sender); ctx.log.info('x');",
      "const response = await ctx.http.fetch('https://api.example.com/');",
      "const table: Record<string, number> = { a: 1 };",
      "void table[first];",
      "const profile = await matrix.getProfile(ctx.sender);",
      "void (profile as any)[first];",
    ].join("\n");
    const result = scan.scanSource(command(body), "t.ts");
    expect(result.findings).toEqual([]);
    expect(result.code).toContain("table[__mxKey(first)]");
    expect(result.code).toContain("argv[__mxKey(i)]");
  });

  it("checks a namespace import of the SDK like ctx", () => {
    const top = 'import * as sdk from "mxuserbot";';
    expect(rulesOf(command("void sdk.OWNER;", top))).toEqual([]);
    expect(rulesOf(command("void (sdk as any).coreClient;", top))).toEqual(["sdk-member"]);
    expect(rulesOf(command("void (sdk as any)[ctx.args];", top))).toEqual(["dynamic-key"]);
    expect(rulesOf(command("void (sdk.defineModule as any).internals;", top))).toEqual([
      "sdk-member",
    ]);
  });
});

describe("keys the scan cannot read, on functions and SDK objects", () => {
  it.each([
    "void (ctx as any)[ctx.args];",
    "void (ctx.matrix as any)[ctx.argv[0] ?? ''];",
    "void (ctx.reply as any)[ctx.args];",
    "const { [ctx.args]: F } = ctx.send as any; void F;",
    "const k = ctx.args; void (function () {} as any)[k];",
    "const k = ctx.args; void ((() => 1) as any)[k];",
    "const k = ctx.args; function f() {} void (f as any)[k];",
    "const k = ctx.args; class C {} void (C as any)[k];",
    "const k = ctx.args; const g = () => 1; void (g as any)[k];",
    "const k = ctx.args; const { [k]: F } = (() => 1) as any; void F;",
    "void (Map as any)[ctx.args];",
    "void (defineModule as any)[ctx.args];",
  ])("refuses %s", (statement) => {
    expect(rulesOf(command(statement))).toContain("dynamic-key");
  });

  it.each([
    ['void ((() => 1) as any)[atob("Y29uc3RydWN0b3I=")];', "forbidden-property"],
    [
      "void ((() => 1) as any)[String.fromCharCode(99,111,110,115,116,114,117,99,116,111,114)];",
      "forbidden-property",
    ],
    ['void ((() => 1) as any)["rotcurtsnoc".split("").reverse().join("")];', "forbidden-property"],
    [
      'const t = ["con", "structor"]; const x: any = {}; void x[t[0] + t[1]];',
      "forbidden-property",
    ],
    ['const t = ["__pro", "to__"]; const x: any = {}; void x[t.join("")];', "forbidden-property"],
    ['const x: any = {}; void x[atob("YWNjZXNzX3Rva2Vu")];', "critical-name"],
    ['const x: any = {}; void x[[..."tuogol"].reverse().join("")];', "critical-name"],
    [
      'const x: any = {}; void x["%63onstructor" && decodeURIComponent("%63onstructor")];',
      "forbidden-property",
    ],
  ])("reads the hidden key in %s", (statement, rule) => {
    expect(rulesOf(command(statement))).toContain(rule);
  });
});

describe("imports from the SDK", () => {
  const withImport = (line: string) =>
    `${line}\nimport { defineModule } from "mxuserbot";\nexport default defineModule({ name: "I" });\n`;

  it("refuses a name the SDK does not export, and a default import", () => {
    expect(rulesOf(withImport('import { coreClient } from "mxuserbot";'))).toEqual(["import-name"]);
    expect(rulesOf(withImport('import sdk from "mxuserbot";'))).toEqual(["import-name"]);
    expect(rulesOf(withImport('import { CommandContext } from "mxuserbot";'))).toEqual([
      "import-name",
    ]);
    expect(rulesOf(withImport('export { runtime } from "mxuserbot";'))).toEqual(["import-name"]);
  });

  it("accepts what it exports, and types imported as types", () => {
    expect(rulesOf(withImport('import { OWNER, SUDO, UsageError } from "mxuserbot";'))).toEqual([]);
    expect(
      rulesOf(withImport('import { type CommandContext, EVERYONE } from "mxuserbot";')),
    ).toEqual([]);
    expect(rulesOf(withImport('import type { ModuleSpec } from "mxuserbot";'))).toEqual([]);
  });
});

describe("Web Crypto and Blob", () => {
  it("accepts crypto.randomUUID, getRandomValues, subtle.digest and Blob", () => {
    const body = [
      "const id = crypto.randomUUID();",
      "const bytes = crypto.getRandomValues(new Uint8Array(8));",
      "const hash = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(ctx.args));",
      "const blob = new Blob([ctx.args], { type: 'text/plain' });",
      "// crypto in a comment, and in prose: crypto prices",
      "await ctx.respond([id, bytes.length, hash.byteLength, blob.size, 'crypto prices'].join(' '));",
      "await ctx.http.fetch('https://api.example.com/crypto/prices?vs=usd');",
    ].join("\n");
    expect(scan.scanSource(command(body), "t.ts").findings).toEqual([]);
  });

  it.each([
    [
      "await crypto.subtle.importKey('raw', new Uint8Array(8), 'HMAC', false, ['sign']);",
      "global-member",
    ],
    ["void crypto.subtle;", "global-member"],
    ["const s = crypto.subtle; void s;", "global-member"],
    ["void (crypto as any).webcrypto;", "global-member"],
    ["const c = crypto; void c;", "global-alias"],
    ["const crypto = 1; void crypto;", "critical-name"],
    ["void (ctx as any).crypto;", "critical-name"],
    ["const o: any = {}; void o['crypto'];", "critical-name"],
    ["const o: any = {}; void o['\\u0063rypto'];", "critical-name"],
    ["void (ctx as any).device_id;", "critical-name"],
    ["void (ctx.matrix as any).logout;", "critical-name"],
  ])("refuses %s", (statement, rule) => {
    expect(rulesOf(command(statement))).toContain(rule);
  });
});
