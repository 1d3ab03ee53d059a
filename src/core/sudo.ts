import { sudoStore } from "../access/store";
import { argsWithPills, resolveTarget } from "../commands/target";
import type { CoreCommandSpec } from "../modules/registry";
import { OWNER } from "../sdk/levels";
import { UsageError } from "../sdk/usage-error";
import { actorOf, alreadyMadeBy } from "./actor";
import { listAnswer } from "./format";

export const sudo: CoreCommandSpec = {
  security: OWNER,
  usage: "add|rm|list [@user:server]",
  description: "Make a user SUDO (they may run everything but OWNER commands), or take it back",
  async run(ctx, core) {
    const { db, config } = core.rt;
    const [sub, ...args] = argsWithPills(ctx, core.settings.prefix);
    if (sub === "list") {
      const rows = await sudoStore.list(db);
      return void (await ctx.respond(
        listAnswer(
          "👤 SUDO users:",
          rows.map((r) => r.userId),
          "none",
        ),
      ));
    }
    if (sub !== "add" && sub !== "rm") throw new UsageError("say add, rm or list");
    const { target } = await resolveTarget(ctx, args);
    const actor = actorOf(ctx, core);
    if (sub === "add") {
      if (config.owners.has(target)) {
        return void (await ctx.respond(
          `👤 User ${target} is an owner; owners can already run everything.`,
        ));
      }
      const done = `👤 User ${target} is now SUDO.`;
      if (await alreadyMadeBy(core, ctx, "sudo.add", target)) return void (await ctx.respond(done));
      if (await sudoStore.has(db, target))
        return void (await ctx.respond(`👤 User ${target} is already SUDO.`));
      await sudoStore.add(db, target, actor);
      return void (await ctx.respond(done));
    }
    const done = `👤 User ${target} is no longer SUDO.`;
    if (await alreadyMadeBy(core, ctx, "sudo.rm", target)) return void (await ctx.respond(done));
    if (!(await sudoStore.has(db, target)))
      return void (await ctx.respond(`👤 User ${target} is not SUDO.`));
    await sudoStore.remove(db, target, actor);
    await ctx.respond(done);
  },
};
