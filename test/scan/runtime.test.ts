import { afterAll, describe, expect, it, vi } from "vitest";
import { fs, importFile, path, scan, tempDir } from "./node";

// A stand-in for the SDK's guard, as the SDK implements it: forbidden names throw, anything else
// comes back as the primitive key.
const STUB_SDK = `
const FORBIDDEN = new Set(["constructor", "__proto__", "prototype", "__defineGetter__",
  "__defineSetter__", "__lookupGetter__", "__lookupSetter__", "caller", "callee", "arguments"]);
export function __mxKey(key) {
  const primitive = typeof key === "symbol" ? key : String(key);
  if (FORBIDDEN.has(primitive)) throw new TypeError("forbidden property " + String(primitive));
  return primitive;
}
export const defineModule = (spec) => spec;
export const EVERYONE = "EVERYONE";
`;

const SOURCE = `import { defineModule, EVERYONE } from "mxuserbot";

type Lookup = Record<string, unknown>;

export default defineModule({
  name: "Runtime",
  commands: {
    get: {
      security: EVERYONE,
      async run(ctx: { argv: string[] }) {
        const fn: Lookup = Object.assign(() => 1, { answer: 42 });
        const k = ctx.argv.join("");
        return fn[k];
      },
    },
    build: {
      security: EVERYONE,
      async run(ctx: { argv: string[] }) {
        const k = ctx.argv.join("");
        return { [k]: 1 };
      },
    },
    alias: {
      security: EVERYONE,
      async run() {
        const n = Number;
        (n as unknown as Record<string, unknown>).isInteger = () => "hijacked";
        const S = String;
        class Pair {
          *[Symbol.iterator]() {
            yield 1;
            yield 2;
          }
        }
        return [["1", "2"].map(Number), new S("x").valueOf(), [...new Pair()], Number.isInteger(1.5)];
      },
    },
    assign: {
      security: EVERYONE,
      async run(ctx: { argv: string[] }) {
        const target: Record<string, unknown> = {};
        target[ctx.argv.join("")] = () => "hijacked";
        return Object.keys(target);
      },
    },
    later: {
      security: EVERYONE,
      async run(ctx: { argv: string[] }) {
        const callback = ctx.argv[0] as unknown as () => void;
        setTimeout(callback, 0);
      },
    },
  },
});
`;

type Run = (ctx: { argv: string[] }) => Promise<unknown>;
interface Loaded {
  default: { commands: Record<string, { run: Run }> };
}

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function load(): Promise<Loaded> {
  const result = scan.scanSource(SOURCE, "runtime.ts");
  expect(result.findings).toEqual([]);
  const code = (result.code ?? "").replaceAll('from "mxuserbot"', 'from "./sdk.mjs"');
  fs.writeFileSync(path.join(dir, "sdk.mjs"), STUB_SDK);
  fs.writeFileSync(path.join(dir, "runtime.mjs"), code);
  return importFile<Loaded>(path.join(dir, "runtime.mjs"));
}

describe("a rewritten module at run time", () => {
  it("cannot read a forbidden property through a key built at run time", async () => {
    const { commands } = (await load()).default;
    const get = commands.get?.run as Run;
    await expect(get({ argv: ["constr", "uctor"] })).rejects.toThrow(TypeError);
    await expect(get({ argv: ["__pro", "to__"] })).rejects.toThrow(/forbidden property/);
    await expect(get({ argv: ["ans", "wer"] })).resolves.toBe(42);
  });

  it("cannot write a forbidden key into an object literal", async () => {
    const build = (await load()).default.commands.build?.run as Run;
    await expect(build({ argv: ["__proto__"] })).rejects.toThrow(TypeError);
    await expect(build({ argv: ["ok"] })).resolves.toEqual({ ok: 1 });
  });

  it("writes through an alias of a value global do not reach the built-in", async () => {
    const alias = (await load()).default.commands.alias?.run as Run;
    const isInteger = Number.isInteger;
    try {
      await expect(alias({ argv: [] })).resolves.toEqual([[1, 2], "x", [1, 2], false]);
      expect(Number.isInteger).toBe(isInteger);
    } finally {
      Number.isInteger = isInteger;
    }
  });

  it("cannot assign call, apply or bind through a key built at run time", async () => {
    const assign = (await load()).default.commands.assign?.run as Run;
    await expect(assign({ argv: ["ca", "ll"] })).rejects.toThrow(
      /may not assign call, apply or bind/,
    );
    await expect(assign({ argv: ["__pro", "to__"] })).rejects.toThrow(/forbidden property/);
    await expect(assign({ argv: ["ok"] })).resolves.toEqual(["ok"]);
  });

  it("hands timers a function even when the module passes a string", async () => {
    const later = (await load()).default.commands.later?.run as Run;
    const spy = vi.spyOn(globalThis, "setTimeout").mockImplementation((() => 0) as never);
    try {
      await later({ argv: ["globalThis.pwned = 1"] });
      const callback = spy.mock.calls[0]?.[0] as unknown;
      expect(typeof callback).toBe("function");
      expect(() => (callback as () => void)()).toThrow(TypeError);
    } finally {
      spy.mockRestore();
    }
  });
});
