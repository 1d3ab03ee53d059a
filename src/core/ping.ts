import type { CoreCommandSpec } from "../modules/registry";
import { EVERYONE } from "../sdk/levels";

export const ping: CoreCommandSpec = {
  security: EVERYONE,
  description: "Check that the bot is alive, and how long the event took to reach it",
  async run(ctx, { rt }) {
    const ms = Math.max(0, rt.now() - ctx.event.origin_server_ts);
    await ctx.respond({
      body: `🏓 | Pong! └ ${ms} ms`,
      html: `🏓 | <b>Pong!</b> └ <code>${ms}</code> ms`,
    });
  },
};
