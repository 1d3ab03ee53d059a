import { defineModule, EVERYONE, SUDO } from "mxuserbot";

interface AfkState {
  since: number;
  reason: string;
}

function ago(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  return minutes < 60 ? `${minutes} min` : `${Math.round(minutes / 60)} h`;
}

export default defineModule({
  name: "Away",
  commands: {
    away: {
      security: SUDO,
      async run(ctx) {
        await ctx.db.set("state", { since: Date.now(), reason: ctx.args || "away" } satisfies AfkState);
        await ctx.respond("You are away now.");
      },
    },
    back: {
      security: SUDO,
      async run(ctx) {
        await ctx.db.delete("state");
        await ctx.respond("Welcome back!");
      },
    },
  },
  watchers: [
    {
      pattern: /@(\w+)/,
      security: EVERYONE,
      async run(ctx) {
        const state = await ctx.db.get<AfkState>("state");
        const me = await ctx.matrix.whoami();
        if (!state || !ctx.match[1] || !me.includes(ctx.match[1])) return;
        await ctx.reply(`I'm away (${state.reason}) since ${ago(Date.now() - state.since)} ago.`);
      },
    },
  ],
  on: {
    "m.reaction": {
      security: EVERYONE,
      async run(ctx) {
        const relates = (ctx.event.content as { "m.relates_to"?: { key?: string } })["m.relates_to"];
        if (relates?.key === "👋") await ctx.send("hello!", ctx.roomId);
      },
    },
  },
});
