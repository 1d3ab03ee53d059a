import { describeError } from "../log";
import { configValue, parseConfigInput } from "../modules/config";
import type { ModuleCode } from "../modules/load";
import type { ModuleManifest } from "../modules/manifest";
import type { CoreCommandSpec } from "../modules/registry";
import { OWNER } from "../sdk/levels";
import { UsageError } from "../sdk/usage-error";
import { type CoreSettings, SETTING_CONFIG } from "../settings";
import { withTimeout } from "../timeout";
import { actorOf } from "./actor";
import { saveSetting } from "./save-setting";

const VALIDATE_TIMEOUT_MS = 2_000;

export const cfg: CoreCommandSpec = {
  security: OWNER,
  usage: "<module> [key] [value|--unset]",
  description: "Show or set a module's config; values are checked by the module",
  async run(ctx, core) {
    const [name, key] = ctx.argv;
    const module = name ? core.rt.registry.module(name) : undefined;
    if (!module)
      throw new UsageError(name ? `there is no module named ${name}` : "name the module");
    const { manifest } = module;
    const show = (k: string, settings = core.settings) => describe(manifest, settings, k);
    if (key === undefined) {
      const keys = manifest.config.map((option) => option.key);
      const lines = keys.length > 0 ? keys.map((k) => `• ${show(k)}`) : ["(no settings)"];
      return void (await ctx.respond([`⚙️ | ${module.name}:`, ...lines].join("\n")));
    }
    const option = manifest.config.find((o) => o.key === key);
    if (!option)
      throw new UsageError(
        `${module.name} has no setting ${key}; try ${core.settings.prefix}cfg ${module.name}`,
      );
    const raw = ctx.args.slice(ctx.args.indexOf(key) + key.length).trim();
    if (raw === "") return void (await ctx.respond(`⚙️ | ${module.name}: ${show(key)}`));

    const values = { ...(core.settings.moduleConfig.get(module.name) ?? {}) };
    if (raw === "--unset") {
      delete values[key];
    } else {
      const value = parseConfigInput(raw);
      const problem = await checkValue(module.code, key, value);
      if (problem) return void (await ctx.respond(`❌ | ${module.name}.${key}: ${problem}`));
      values[key] = value;
    }
    await saveSetting(
      core,
      `${SETTING_CONFIG}${module.name}`,
      values,
      actorOf(ctx, core),
      "cfg.set",
      `${key}=${raw}`,
    );
    const after = {
      ...core.settings,
      moduleConfig: new Map(core.settings.moduleConfig).set(module.name, values),
    };
    await ctx.respond(`✅ | ${module.name}: ${show(key, after)}`);
  },
};

/** null when the module's `validate` accepts the value (or it has none), else what is wrong. */
async function checkValue(
  code: ModuleCode | undefined,
  key: string,
  value: unknown,
): Promise<string | null> {
  if (!code) return null;
  try {
    const verdict = await withTimeout(
      code.validate(key, value),
      VALIDATE_TIMEOUT_MS,
      "the check did not finish in time",
    );
    return verdict === true ? null : verdict;
  } catch (error) {
    return `the module's check failed: ${describeError(error)}`;
  }
}

function describe(manifest: ModuleManifest, settings: CoreSettings, key: string): string {
  const option = manifest.config.find((o) => o.key === key);
  const value = configValue(manifest, settings, key);
  const shown =
    value === undefined
      ? option?.required
        ? "not set (required)"
        : "not set"
      : JSON.stringify(value);
  return `${key} = ${shown}${option?.description ? ` — ${option.description}` : ""}`;
}
