import { sdkSource } from "../modules/generated";
import { isRefused } from "../modules/load";
import type { ModuleManifest } from "../modules/manifest";
import type { Runtime } from "../runtime";
import { SandboxRunner } from "../sandbox/runner";
import { scanSource } from "../scan";
import type { FetchedSource } from "./fetch-source";
import { sucraseTranspile } from "./transpile";

export type Prepared =
  | { ok: true; manifest: ModuleManifest; code: string; source: FetchedSource }
  | { ok: false; name: string | null; reasons: string[]; source: FetchedSource };

/**
 * What installing `source` would mean: the same scan as at deploy time, then the module
 * loaded in a sandbox of its own to read its declaration. Nothing is stored here.
 */
export async function prepareModule(
  rt: Runtime,
  source: FetchedSource,
  replacing?: string,
): Promise<Prepared> {
  const file = new URL(source.url).pathname.split("/").pop() || "module.ts";
  const scan = scanSource(source.text, file, { transpile: sucraseTranspile });
  if (!scan.accepted || scan.code === null || scan.name === null) {
    const reasons = scan.findings.map((f) => `${f.rule} at ${f.line}:${f.column}: ${f.message}`);
    return { ok: false, name: scan.name, reasons, source };
  }
  const loader = rt.env.LOADER;
  if (!loader) return { ok: false, name: scan.name, reasons: ["no sandbox runner"], source };
  const loaded = await new SandboxRunner(loader, sdkSource).load({
    file: source.url,
    name: scan.name,
    code: scan.code,
    sha256: source.sha256,
  });
  if (isRefused(loaded)) return { ok: false, name: scan.name, reasons: loaded.reasons, source };
  const clash = clashWith(rt, loaded.manifest, replacing);
  if (clash) return { ok: false, name: scan.name, reasons: [clash], source };
  return { ok: true, manifest: loaded.manifest, code: scan.code, source };
}

/** A name or command the module would take from the core or another module. */
function clashWith(rt: Runtime, manifest: ModuleManifest, replacing?: string): string | null {
  const other = rt.registry.module(manifest.name);
  if (other && other.name !== replacing)
    return `the name ${manifest.name} is already taken by ${other.trusted ? "the core" : `the module ${other.name}`}`;
  for (const command of manifest.commands)
    for (const key of [command.name, ...command.aliases]) {
      const taken = rt.registry.command(key);
      if (taken && taken.module.name !== replacing)
        return `the command ${key} is already defined by ${taken.module.trusted ? "the core" : `the module ${taken.module.name}`}`;
    }
  return null;
}
