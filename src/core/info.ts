import pkg from "../../package.json";
import { e2eeOff } from "../crypto/client";
import { isolationOf } from "../modules/host";
import type { CoreCommandSpec } from "../modules/registry";
import { SUDO } from "../sdk/levels";

export const info: CoreCommandSpec = {
  security: SUDO,
  description: "Version, mode, prefix, and the modules loaded and refused",
  async run(ctx, { rt, settings }) {
    const community = rt.registry.modules.filter((m) => !m.trusted);
    const loaded = community.map((m) =>
      settings.disabledModules.has(m.name) ? `${m.name} (disabled)` : m.name,
    );
    const refused = rt.registry.refused.map((r) => r.name ?? r.file);
    const lines = [
      `ℹ️ | MXUserbot ${pkg.version}`,
      `Mode: ${rt.config.modes.join(" + ")}`,
      `Encrypted rooms: ${e2eeOff(rt.env, rt.config) ?? "on"}`,
      `Modules run: ${isolationOf(rt.env, rt.config) === "sandbox" ? "each in its own sandbox" : "shared with the core"}`,
      `Prefix: ${settings.prefix}`,
      `Modules loaded: ${loaded.length > 0 ? loaded.join(", ") : "none"}`,
      `Modules refused: ${refused.length > 0 ? refused.join(", ") : "none"}`,
    ];
    await ctx.respond(lines.join("\n"));
  },
};
