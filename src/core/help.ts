import { checkAccess } from "../access/check";
import { escapeHtml } from "../matrix/content";
import { missingConfig } from "../modules/config";
import type { CoreCommandSpec, LoadedCommand, LoadedModule } from "../modules/registry";
import { EVERYONE } from "../sdk/levels";
import { stripPrefix } from "./grantable";
import type { CoreServices } from "./services";

export const help: CoreCommandSpec = {
  security: EVERYONE,
  usage: "[module|command]",
  description: "List what you may run, or show one module or command",
  async run(ctx, core) {
    const { rt, settings, facts } = core;
    const now = rt.now();
    const p = settings.prefix;
    const mayRun = (c: LoadedCommand) =>
      checkAccess(facts, c, now) &&
      (c.module.trusted || !settings.disabledModules.has(c.module.name));
    const topic = ctx.argv[0] === undefined ? undefined : stripPrefix(ctx.argv[0], p);

    if (topic) {
      // A module's name wins over a command of the same name, whatever the case: `.help notes`
      // and `.help Notes` both show the Notes module, which lists its `notes` command too.
      const module = rt.registry.module(topic);
      const visible = module
        ? rt.registry.commands.filter((c) => c.module === module && mayRun(c))
        : [];
      const owner = facts.isOwner;
      if (module && (visible.length > 0 || (owner && module.manifest.commands.length === 0)))
        return void (await ctx.respond(
          describeModule(module, visible, p, owner ? settings : null),
        ));
      const command = rt.registry.command(topic);
      if (command && mayRun(command)) return void (await ctx.respond(describeCommand(command, p)));
      return void (await ctx.respond(`❓ | No command or module named ${topic}. Try ${p}help`));
    }

    const byModule = new Map<LoadedModule, LoadedCommand[]>();
    for (const command of rt.registry.commands) {
      if (!mayRun(command)) continue;
      byModule.set(command.module, [...(byModule.get(command.module) ?? []), command]);
    }
    const lines = [...byModule].map(([m, cs]) => {
      const about = m.manifest.description ? ` — ${m.manifest.description}` : "";
      return {
        body: `${m.name}${about}: ${cs.map((c) => p + c.name).join(", ")}`,
        html: `<b>${escapeHtml(m.name)}</b>${escapeHtml(about)}: ${cs.map((c) => `<code>${escapeHtml(p + c.name)}</code>`).join(", ")}`,
      };
    });
    const footer = `${p}help <command> for details`;
    await ctx.respond({
      body: ["📖 | Commands you can run:", ...lines.map((l) => l.body), footer].join("\n"),
      html: ["📖 | Commands you can run:", ...lines.map((l) => l.html), escapeHtml(footer)].join(
        "<br>",
      ),
    });
  },
};

function describeCommand(c: LoadedCommand, p: string) {
  const usage = `${p}${c.name}${c.usage ? ` ${c.usage}` : ""}`;
  const rows = [
    c.description ?? "",
    c.aliases.length > 0 ? `Aliases: ${c.aliases.map((a) => p + a).join(", ")}` : "",
    `Level: ${c.security} · Module: ${c.module.name}`,
  ].filter(Boolean);
  return {
    body: [`ℹ️ | ${usage}`, ...rows].join("\n"),
    html: [`ℹ️ | <code>${escapeHtml(usage)}</code>`, ...rows.map(escapeHtml)].join("<br>"),
  };
}

/** A module: its commands the sender may run; for owners also what else it does and needs. */
function describeModule(
  m: LoadedModule,
  commands: LoadedCommand[],
  p: string,
  ownerView: CoreServices["settings"] | null,
) {
  const head = `📦 | ${m.name}${m.manifest.version ? ` ${m.manifest.version}` : ""}`;
  const rows = commands.map(
    (c) =>
      `${p}${c.name}${c.usage ? ` ${c.usage}` : ""}${c.description ? ` — ${c.description}` : ""}`,
  );
  if (ownerView) {
    const { watchers, on, cron } = m.manifest;
    if (commands.length === 0) rows.push("No commands.");
    if (watchers.length > 0) rows.push(`Watches messages (${watchers.length} pattern(s)).`);
    if (on.length > 0) rows.push(`Listens to: ${on.map((h) => h.type).join(", ")}.`);
    if (cron.length > 0) rows.push(`Runs on schedule: ${cron.map((c) => c.schedule).join(", ")}.`);
    const missing = missingConfig(m.manifest, ownerView);
    if (missing.length > 0)
      rows.push(
        `Waits for config: ${missing.map((k) => `${p}cfg ${m.name} ${k} <value>`).join(", ")}`,
      );
  }
  const desc = m.manifest.description ? [m.manifest.description] : [];
  return {
    body: [head, ...desc, ...rows].join("\n"),
    html: [escapeHtml(head), ...desc.map(escapeHtml), ...rows.map(escapeHtml)].join("<br>"),
  };
}

export type { CoreServices };
