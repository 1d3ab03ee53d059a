import { describe, expect, it } from "vitest";
import { childProcess, fs, nodeBinary, path, root, tempDir } from "./node";

const BUILD = path.join(root, "scripts/build-modules.mjs");

/** Runs the bundling step (what wrangler's build command runs) on a folder of its own. */
function build(files: Record<string, string>) {
  const dir = tempDir();
  const modules = path.join(dir, "modules");
  fs.mkdirSync(modules, { recursive: true });
  for (const [name, source] of Object.entries(files))
    fs.writeFileSync(path.join(modules, name), source);
  const out = path.join(dir, "build");
  const registry = path.join(dir, "src/generated.ts");
  fs.mkdirSync(path.join(dir, "src"), { recursive: true });
  const result = childProcess.spawnSync(
    nodeBinary,
    [BUILD, "--modules", modules, "--out", out, "--registry", registry],
    { cwd: root, encoding: "utf8" },
  );
  return { result, out, registry: fs.readFileSync(registry, "utf8"), bundled: fs.readdirSync(out) };
}

const corpus = (kind: string, file: string) =>
  fs.readFileSync(path.join(root, "test/scan/corpus", kind, file), "utf8");

describe("bundling modules", () => {
  it("bundles the accepted modules, leaves a refused one out and reports it loudly", () => {
    const { result, registry, bundled } = build({
      "dice.ts": corpus("ordinary", "dice.ts"),
      "evil.ts": corpus("attacks", "fetch.ts"),
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("modules: 1 accepted");
    expect(result.stderr).toContain("✗ REFUSED");
    expect(result.stderr).toContain("evil.ts");
    expect(bundled.filter((f) => f.endsWith(".js"))).toEqual(["0-dice.js"]);
    expect(registry).toContain('import "./harden-builtins";');
    expect(registry).toMatch(/import \w+0 from "\.\.\/build\/0-dice\.js";/);
    expect(registry).not.toMatch(/import \w+1 from/);
    const refused = JSON.parse(
      registry
        .slice(registry.indexOf("refusedModules: readonly RefusedModule[] = ") + 43)
        .replace(/;\s*$/, ""),
    );
    expect(refused).toHaveLength(1);
    expect(refused[0].file).toMatch(/evil\.ts$/);
    expect(refused[0].reasons.join(" ")).toMatch(/^network at \d+:\d+: /);
  });

  it("refuses the second of two modules with the same name", () => {
    const dice = corpus("ordinary", "dice.ts");
    const { result, bundled, registry } = build({ "a.ts": dice, "b.ts": dice });
    expect(result.status).toBe(0);
    expect(bundled.filter((f) => f.endsWith(".js"))).toHaveLength(1);
    expect(registry).toMatch(/duplicate-name/);
  });
});
