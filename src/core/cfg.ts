import { checkConfigValue, configValue, parseConfigInput } from "../modules/config";
import type { CoreCommandSpec } from "../modules/registry";
import { OWNER } from "../sdk/levels";
import type { ModuleSpec } from "../sdk/types";
import { UsageError } from "../sdk/usage-error";
import { type CoreSettings, SETTING_CONFIG } from "../settings";
import { actorOf } from "./actor";
import { saveSetting } from "./save-setting";

export const cfg: CoreCommandSpec = {
  security: OWNER,
  usage: "<module> [key] [value|--unset]",
  description: "Show or set a module's config; values are checked by the module",
  async run(ctx, core) {
    const [name, key] = ctx.argv;
    const module = name ? core.rt.registry.module(name) : undefined;
    if (!module)
      throw new UsageError(name ? `there is no module named ${name}` : "name the module");
    const options = module.spec.config ?? {};
    const show = (k: string, settings = core.settings) => describe(module.spec, settings, k);
    if (key === undefined) {
      const keys = Object.keys(options);
      const lines = keys.length > 0 ? keys.map((k) => `• ${show(k)}`) : ["(no settings)"];
      return void (await ctx.respond([`⚙️ | ${module.name}:`, ...lines].join("\n")));
    }
    const option = Object.hasOwn(options, key) ? options[key] : undefined;
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
      const problem = checkConfigValue(option, value);
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

function describe(
  spec: Pick<ModuleSpec, "name" | "config">,
  settings: CoreSettings,
  key: string,
): string {
  const option = spec.config?.[key];
  const value = configValue(spec, settings, key);
  const shown =
    value === undefined
      ? option?.required
        ? "not set (required)"
        : "not set"
      : JSON.stringify(value);
  return `${key} = ${shown}${option?.description ? ` — ${option.description}` : ""}`;
}
