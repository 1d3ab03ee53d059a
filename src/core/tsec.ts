import { tsecStore } from "../access/store";
import { argsWithPills, resolveTarget } from "../commands/target";
import type { CoreCommandSpec } from "../modules/registry";
import { OWNER } from "../sdk/levels";
import { UsageError } from "../sdk/usage-error";
import { actorOf, alreadyMadeBy } from "./actor";
import { listAnswer, minutesLeft } from "./format";
import { findTsecCommand, stripPrefix } from "./grantable";

/** A week: a longer grant is a standing one, and `.modaccess` is for that. */
export const MAX_TSEC_MINUTES = 10_080;

export const tsec: CoreCommandSpec = {
  security: OWNER,
  usage: "@user:server <command> <minutes> | list | rm @user:server <command>",
  description: "Let a user run one command for a while; they are told when the time is up",
  async run(ctx, core) {
    const { db, registry } = core.rt;
    const prefix = core.settings.prefix;
    const now = core.rt.now();
    const args = argsWithPills(ctx, prefix);

    if (args[0] === "list") {
      const rows = await tsecStore.live(db, now);
      const items = rows.map(
        (r) => `${r.userId}: ${prefix}${r.command}, ${minutesLeft(r.expiresAt, now)} min. left`,
      );
      return void (await ctx.respond(listAnswer("⏱ | Temporary access:", items, "none")));
    }

    if (args[0] === "rm") {
      const { target, rest } = await resolveTarget(ctx, args.slice(1));
      const command = registry.command(stripPrefix(rest[0] ?? "", prefix))?.name ?? rest[0];
      if (!command) throw new UsageError("name the command");
      const done = `⏱ | ${target} can no longer use ${prefix}${command}.`;
      if (await alreadyMadeBy(core, ctx, "tsec.rm", target)) return void (await ctx.respond(done));
      if (!(await tsecStore.get(db, target, command))) {
        return void (await ctx.respond(
          `⏱ | ${target} has no temporary access to ${prefix}${command}.`,
        ));
      }
      await tsecStore.remove(db, target, command, actorOf(ctx, core));
      return void (await ctx.respond(done));
    }

    const { target, rest } = await resolveTarget(ctx, args);
    const command = findTsecCommand(registry, rest[0], prefix);
    const minutes = parseMinutes(rest[1]);
    const answer = `⏱ ${target} now has ${minutes} min. for command ${command.name}`;
    if (!(await alreadyMadeBy(core, ctx, "tsec.grant", target))) {
      await tsecStore.grant(
        db,
        {
          userId: target,
          command: command.name,
          expiresAt: now + minutes * 60_000,
          roomId: ctx.roomId,
        },
        actorOf(ctx, core),
      );
    }
    await ctx.respond(answer);
  },
};

function parseMinutes(raw: string | undefined): number {
  if (!raw) throw new UsageError("how many minutes?");
  if (!/^\d+$/.test(raw)) throw new UsageError(`minutes must be a whole number, not ${raw}`);
  const minutes = Number(raw);
  if (minutes < 1 || minutes > MAX_TSEC_MINUTES) {
    throw new UsageError(`minutes must be between 1 and ${MAX_TSEC_MINUTES} (a week)`);
  }
  return minutes;
}
