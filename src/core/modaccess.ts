import { modPermStore } from "../access/store";
import { argsWithPills, resolveTarget } from "../commands/target";
import type { CoreCommandSpec } from "../modules/registry";
import { OWNER } from "../sdk/levels";
import { UsageError } from "../sdk/usage-error";
import { actorOf, alreadyMadeBy } from "./actor";
import { listAnswer } from "./format";
import { findGrantable, stripPrefix } from "./grantable";

export const modaccess: CoreCommandSpec = {
  security: OWNER,
  usage: "add|rm|list @user:server <ModuleName|command>",
  description: "Let a user run one module's commands or one command (never OWNER commands)",
  async run(ctx, core) {
    const { db, registry } = core.rt;
    const prefix = core.settings.prefix;
    const [sub, ...args] = argsWithPills(ctx, prefix);
    if (sub === "list") {
      const who = args[0] ? (await resolveTarget(ctx, args)).target : undefined;
      const rows = await modPermStore.list(db, who);
      const items = rows.map(
        (r) => `${r.userId}: ${r.kind === "command" ? prefix : ""}${r.target} (${r.kind})`,
      );
      return void (await ctx.respond(listAnswer("🔑 | Module access:", items, "none")));
    }
    if (sub !== "add" && sub !== "rm") throw new UsageError("say add, rm or list");
    const { target, rest } = await resolveTarget(ctx, args);
    const actor = actorOf(ctx, core);
    const label = (kind: string, name: string) =>
      kind === "command" ? `command ${prefix}${name}` : `module ${name}`;

    if (sub === "rm") {
      const name = rest[0];
      if (!name) throw new UsageError("name the module or command");
      const canonical =
        registry.module(name)?.name ?? registry.command(stripPrefix(name, prefix))?.name ?? name;
      const done = `🔑 | ${target} may no longer use ${canonical}.`;
      if (await alreadyMadeBy(core, ctx, "modaccess.rm", target))
        return void (await ctx.respond(done));
      if (!(await modPermStore.has(db, target, canonical))) {
        return void (await ctx.respond(`🔑 | ${target} has no access to ${canonical}.`));
      }
      await modPermStore.remove(db, target, canonical, actor);
      return void (await ctx.respond(done));
    }

    const grant = findGrantable(registry, rest[0], prefix, "module or command");
    const ownerOnly =
      grant.kind === "module" &&
      registry.commands.some((c) => c.module === grant.module && c.security === OWNER)
        ? " Its OWNER commands stay owner-only."
        : "";
    const done = `🔑 | ${target} may now use ${label(grant.kind, grant.name)}.${ownerOnly}`;
    if (await alreadyMadeBy(core, ctx, "modaccess.add", target))
      return void (await ctx.respond(done));
    if (await modPermStore.has(db, target, grant.name)) {
      return void (await ctx.respond(
        `🔑 | ${target} already has ${label(grant.kind, grant.name)}.`,
      ));
    }
    await modPermStore.add(db, target, grant.name, grant.kind, actor);
    await ctx.respond(done);
  },
};
