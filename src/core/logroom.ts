import { passOverUnposted, SETTING_LOG_ROOM } from "../logroom/statements";
import type { CoreCommandSpec } from "../modules/registry";
import { OWNER } from "../sdk/levels";
import { UsageError } from "../sdk/usage-error";
import { actorOf } from "./actor";
import { saveSetting } from "./save-setting";
import type { CoreServices } from "./services";

export const logroom: CoreCommandSpec = {
  security: OWNER,
  usage: "here|off",
  description:
    "Make this room the log room (module errors, refused modules, undelivered notices, events given up, rate-limit drops, audit entries) or turn it off",
  async run(ctx, core) {
    const current = await logRoomOf(core);
    const choice = ctx.argv[0]?.toLowerCase();
    if (choice === undefined) {
      const where = current === ctx.roomId ? "this room" : current;
      return void (await ctx.respond(
        current ? `📋 | The log room is ${where}` : "📋 | There is no log room",
      ));
    }
    if (choice === "here") {
      // Lines from before there was a log room are history (.logs has them), not news.
      if (current === null) await passOverUnposted(core.rt.d1).run();
      await saveSetting(
        core,
        SETTING_LOG_ROOM,
        ctx.roomId,
        actorOf(ctx, core),
        "logroom.set",
        ctx.roomId,
      );
      return void (await ctx.respond(
        `📋 | This is the log room now: errors, refused modules, undelivered notices, events given up, rate-limit drops and audit entries come here, a few at a time. ${core.settings.prefix}logs shows recent lines`,
      ));
    }
    if (choice === "off") {
      if (current !== null)
        await saveSetting(core, SETTING_LOG_ROOM, null, actorOf(ctx, core), "logroom.off", current);
      return void (await ctx.respond(
        `📋 | No log room. Lines are still kept: ${core.settings.prefix}logs shows them`,
      ));
    }
    throw new UsageError("here or off?");
  },
};

async function logRoomOf(core: CoreServices): Promise<string | null> {
  const row = await core.rt.d1
    .prepare("SELECT json_extract(value, '$') AS room FROM settings WHERE key = ?")
    .bind(SETTING_LOG_ROOM)
    .first<{ room: unknown }>();
  return typeof row?.room === "string" ? row.room : null;
}
