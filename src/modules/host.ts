import type { Config } from "../config";
import { coreModules } from "../core";
import type { Env } from "../env";
import { describeError } from "../log";
import { SandboxRunner } from "../sandbox/runner";
import { communityModules, refusedModules, sdkSource } from "./generated";
import { listInstalled } from "./installed";
import type { CommunityModule, RefusedModule } from "./load";
import { buildRegistry, type Registry } from "./registry";

export type Isolation = "sandbox" | "shared";

/** Which runner this Worker uses: the setting, or under `auto` whether the Loader is bound. */
export function isolationOf(env: Env, config: Config): Isolation {
  if (config.moduleIsolation === "shared") return "shared";
  if (config.moduleIsolation === "sandbox") return "sandbox";
  return env.LOADER ? "sandbox" : "shared";
}

/** Why the sandbox runner cannot be used, or null when it can. */
export function sandboxUnavailable(env: Env, config: Config): string | null {
  if (isolationOf(env, config) === "sandbox" && env.LOADER) return null;
  return env.LOADER
    ? "MODULE_ISOLATION is shared"
    : "this Worker has no Worker Loader binding (LOADER; Workers Paid plan)";
}

/** The isolate's registry and what it was built for; a new runner or rev replaces it. */
let cached: { key: string; registry: Promise<Registry> } | undefined;

/**
 * The registry for this isolate: built once per runner and `modules_rev`, so installing a
 * module from chat rebuilds it everywhere without a redeploy.
 */
export function loadRegistry(env: Env, config: Config, rev = ""): Promise<Registry> {
  const isolation = isolationOf(env, config);
  const key = `${isolation}:${rev}`;
  if (cached?.key !== key) {
    const entry = { key, registry: build(env, isolation, rev) };
    cached = entry;
    entry.registry.catch(() => {
      if (cached === entry) cached = undefined;
    });
  }
  return cached.registry;
}

async function build(env: Env, isolation: Isolation, rev: string) {
  if (isolation === "shared" || !env.LOADER) {
    if (isolation === "sandbox")
      throw new Error("MODULE_ISOLATION is sandbox, but the Worker has no LOADER binding");
    // Modules installed from chat run only in sandboxes: listed, with why they are off.
    const installed = (await readInstalled(env)).map(
      (m): RefusedModule => ({
        file: m.url,
        name: m.name,
        reasons: ["installed from chat: it runs only in the sandbox runner (LOADER binding)"],
      }),
    );
    return buildRegistry(coreModules, communityModules, [...refusedModules, ...installed], rev);
  }
  const runner = new SandboxRunner(env.LOADER, sdkSource);
  const bundled = communityModules.map((source) =>
    source.code && source.sha256 && source.name
      ? runner.load({
          file: source.file,
          name: source.name,
          code: source.code,
          sha256: source.sha256,
        })
      : Promise.resolve<RefusedModule>({
          file: source.file,
          name: source.name,
          reasons: ["it was built without its sandbox code; rebuild the Worker"],
        }),
  );
  const installed: Promise<CommunityModule | RefusedModule>[] = (await readInstalled(env)).map(
    (m) => runner.load({ file: m.url, name: m.name, code: m.code, sha256: m.sha256 }),
  );
  return buildRegistry(
    coreModules,
    await Promise.all([...bundled, ...installed]),
    refusedModules,
    rev,
  );
}

async function readInstalled(env: Env) {
  try {
    return await listInstalled(env.DB);
  } catch (error) {
    console.warn(`[mxuserbot] installed modules could not be read: ${describeError(error)}`);
    return [];
  }
}
