import { escapeHtml } from "../matrix/content";
import type { CoreCommandSpec } from "../modules/registry";
import { OWNER } from "../sdk/levels";
import { UsageError } from "../sdk/usage-error";
import { createLoginToken, endAllSessions, LINK_MS } from "../web/session";
import { alreadyMadeBy } from "./actor";

export const web: CoreCommandSpec = {
  security: OWNER,
  usage: "[revoke]",
  description:
    "A login link to the web dashboard: it works once, for 5 minutes. revoke ends every dashboard session",
  async run(ctx, core) {
    const { rt } = core;
    const [sub] = ctx.argv;
    if (sub === "revoke") {
      const done = "🔑 | Every dashboard session has ended, and unused links no longer work.";
      if (await alreadyMadeBy(core, ctx, "web.revoke", "dashboard"))
        return void (await ctx.respond(done));
      await endAllSessions(rt.d1, { userId: ctx.sender, eventId: ctx.event.event_id }, rt.now());
      return void (await ctx.respond(done));
    }
    if (sub !== undefined) throw new UsageError("say nothing more for a link, or revoke");
    const origin = rt.config.publicUrl;
    if (!origin)
      return void (await ctx.respond(
        "🔑 | I do not know my own address yet. Set PUBLIC_URL to this Worker's https URL (e.g. https://mxuserbot.you.workers.dev: npx wrangler secret put PUBLIC_URL), then ask again.",
      ));
    const token = await createLoginToken(rt.d1, ctx.sender, ctx.roomId, rt.now());
    const link = `${origin}/admin/login?token=${token}`;
    const minutes = LINK_MS / 60_000;
    const warning = `It works once, for ${minutes} minutes. Anyone who reads this room can use it, so ask in a room of your own.`;
    await ctx.respond({
      body: `🔑 | Dashboard: ${link}\n${warning}`,
      html: `🔑 | <a href="${escapeHtml(link)}">Open the dashboard</a><br>${escapeHtml(warning)}`,
    });
  },
};
