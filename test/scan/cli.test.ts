import { afterAll, describe, expect, it } from "vitest";
import { childProcess, fs, nodeBinary, path, root, tempDir } from "./node";

const CLI = path.join(root, "scripts/scan-cli.mjs");
const ORDINARY = "test/scan/corpus/ordinary";
const ATTACKS = "test/scan/corpus/attacks";

function run(args: string[], cwd = root) {
  return childProcess.spawnSync(nodeBinary, [CLI, ...args], { cwd, encoding: "utf8" });
}

/** Parses stdout as the one JSON document the contract promises, and checks its exact shape. */
function document(stdout: string) {
  const parsed = JSON.parse(stdout) as { modules: Record<string, unknown>[] };
  expect(Object.keys(parsed)).toEqual(["modules"]);
  for (const module of parsed.modules) {
    expect(Object.keys(module)).toEqual(["file", "name", "accepted", "findings"]);
    expect(typeof module.file).toBe("string");
    expect(module.name === null || typeof module.name === "string").toBe(true);
    expect(typeof module.accepted).toBe("boolean");
    for (const finding of module.findings as Record<string, unknown>[]) {
      expect(Object.keys(finding)).toEqual(["rule", "message", "line", "column"]);
      expect(typeof finding.rule).toBe("string");
      expect(typeof finding.message).toBe("string");
      expect(Number.isInteger(finding.line) && (finding.line as number) >= 1).toBe(true);
      expect(Number.isInteger(finding.column) && (finding.column as number) >= 1).toBe(true);
    }
  }
  return parsed as {
    modules: {
      file: string;
      name: string | null;
      accepted: boolean;
      findings: { rule: string; line: number; column: number }[];
    }[];
  };
}

const GOOD = `import { defineModule, EVERYONE } from "mxuserbot";
export default defineModule({
  name: "Hello",
  commands: {
    hello: {
      security: EVERYONE,
      async run(ctx) {
        await ctx.respond("hi");
      },
    },
  },
});
`;
const BAD = `import { defineModule } from "mxuserbot";
export default defineModule({ name: "Bad", run: () => fetch("https://evil.example/") });
`;

const dirs: string[] = [];
function project(files: Record<string, string>) {
  const dir = tempDir();
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.join(dir, path.join(name, "..")), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe("scan CLI --json", () => {
  it("accepts a folder of ordinary modules: exit 0, one document, no code", () => {
    const result = run(["--json", ORDINARY]);
    expect(result.status).toBe(0);
    const { modules } = document(result.stdout);
    expect(modules.length).toBe(fs.readdirSync(ORDINARY).length);
    for (const module of modules) {
      expect(module.file.startsWith(`${ORDINARY}/`)).toBe(true);
      expect(module).toMatchObject({ accepted: true, findings: [] });
      expect(module.name).toMatch(/^[A-Za-z]\w*$/);
    }
  });

  it("refuses an attack: exit 1 with its findings", () => {
    const result = run(["--json", `${ATTACKS}/fetch.ts`]);
    expect(result.status).toBe(1);
    const { modules } = document(result.stdout);
    expect(modules).toEqual([
      {
        file: `${ATTACKS}/fetch.ts`,
        name: "RawFetch",
        accepted: false,
        findings: [expect.objectContaining({ rule: "network", line: 10, column: 15 })],
      },
    ]);
  });

  it("takes folders and files together, in the order given", () => {
    const result = run(["--json", ORDINARY, `${ATTACKS}/eval-direct.ts`]);
    expect(result.status).toBe(1);
    const files = document(result.stdout).modules.map((m) => m.file);
    expect(files.at(-1)).toBe(`${ATTACKS}/eval-direct.ts`);
    expect(files.slice(0, -1)).toEqual([...files.slice(0, -1)].sort());
  });

  it("scans modules/ of the current directory by default", () => {
    const good = project({ "modules/hello.ts": GOOD, "modules/types.d.ts": "export {};\n" });
    const accepted = run(["--json"], good);
    expect(accepted.status).toBe(0);
    expect(document(accepted.stdout).modules).toEqual([
      { file: "modules/hello.ts", name: "Hello", accepted: true, findings: [] },
    ]);

    const bad = project({ "modules/hello.ts": GOOD, "modules/bad.ts": BAD });
    const refused = run(["--json"], bad);
    expect(refused.status).toBe(1);
    expect(document(refused.stdout).modules.map((m) => [m.file, m.accepted])).toEqual([
      ["modules/bad.ts", false],
      ["modules/hello.ts", true],
    ]);
  });

  it("exits 0 with an empty list when there are no modules", () => {
    const result = run(["--json"], project({ "README.md": "no modules\n" }));
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ modules: [] });
    const emptyFolder = project({ "modules/README.md": "none yet\n" });
    expect(run(["--json", "modules"], emptyFolder).stdout.trim()).toBe('{"modules":[]}');
  });
});

describe("scan CLI report", () => {
  it("lists each module with its findings and a summary", () => {
    const dir = project({ "modules/hello.ts": GOOD, "modules/bad.ts": BAD });
    const result = run([], dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("✓ accepted Hello  modules/hello.ts");
    expect(result.stdout).toContain("✗ refused Bad  modules/bad.ts");
    expect(result.stdout).toMatch(/^ {2}modules\/bad\.ts:2:\d+ {2}network {2}raw network access/m);
    expect(result.stdout.trim().split("\n").at(-1)).toBe(
      "2 modules scanned: 1 accepted, 1 refused.",
    );
  });
});

describe("scan CLI usage errors", () => {
  it("exits 2 on an unknown flag, with a message on stderr and nothing on stdout", () => {
    const result = run(["--jsn", ORDINARY]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("unknown option --jsn");
  });

  it("exits 2 on a path that does not exist", () => {
    const result = run(["--json", "test/scan/corpus/nope"]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("no such file or folder: test/scan/corpus/nope");
  });
});
