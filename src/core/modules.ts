import { missingConfig } from "../modules/config";
import type { CoreCommandSpec, LoadedModule } from "../modules/registry";
import { OWNER } from "../sdk/levels";
import { UsageError } from "../sdk/usage-error";
import { SETTING_DISABLED } from "../settings";
import { actorOf } from "./actor";
import { install, remove, update } from "./module-install";
import { repo, search } from "./module-repos";
import { saveSetting } from "./save-setting";

export const modules: CoreCommandSpec = {
  security: OWNER,
  usage: "[disable|enable|install|update|remove|repo|search …]",
  description:
    "Modules loaded and refused (with the scan's reasons). disable|enable <Name>; install <url|Name> [--sha256 <hex>]; update <Name> [--sha256 <hex>]; remove <Name> [--purge]; repo add|rm|list [url]; search <word>",
  async run(ctx, core) {
    const { registry } = core.rt;
    const disabled = core.settings.disabledModules;
    const [sub, name] = ctx.argv;
    const waiting = (m: LoadedModule) => {
      const missing = missingConfig(m.manifest, core.settings);
      return missing.length > 0 ? ` (waits for config: ${missing.join(", ")})` : "";
    };
    const rest = ctx.argv.slice(1);
    if (sub === "install") return install(ctx, core, rest);
    if (sub === "update") return update(ctx, core, rest);
    if (sub === "remove") return remove(ctx, core, rest);
    if (sub === "repo") return repo(ctx, core, rest);
    if (sub === "search") return search(ctx, core, rest);
    if (sub === undefined) {
      const loaded = registry.modules
        .filter((m) => !m.trusted)
        .map(
          (m) =>
            `${m.name}${m.manifest.version ? ` ${m.manifest.version}` : ""}${disabled.has(m.name) ? " (disabled)" : ""}${waiting(m)}`,
        );
      const refused = registry.refused.map(
        (r) => `${r.name ?? r.file} (${r.file}): ${r.reasons.join("; ")}`,
      );
      const body = [
        `📦 | Modules loaded: ${loaded.length > 0 ? "" : "none"}`,
        ...loaded.map((l) => `• ${l}`),
        `🚫 | Modules refused: ${refused.length > 0 ? "" : "none"}`,
        ...refused.map((r) => `• ${r}`),
      ];
      return void (await ctx.respond(body.join("\n")));
    }
    if (sub !== "disable" && sub !== "enable")
      throw new UsageError(
        "say disable, enable, install, update, remove, repo or search (see .help modules)",
      );
    const module = name ? registry.module(name) : undefined;
    if (!module)
      throw new UsageError(name ? `there is no loaded module named ${name}` : "name the module");
    if (module.trusted)
      throw new UsageError(`${module.name} is built in and cannot be switched off`);
    const next = new Set(disabled);
    if (sub === "disable") next.add(module.name);
    else next.delete(module.name);
    await saveSetting(
      core,
      SETTING_DISABLED,
      [...next].sort(),
      actorOf(ctx, core),
      `modules.${sub}`,
      module.name,
    );
    await ctx.respond(`📦 | ${module.name} is ${sub === "disable" ? "disabled" : "enabled"}.`);
  },
};
