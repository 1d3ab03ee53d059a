import { defineModule, EVERYONE, OWNER } from "mxuserbot";

interface Away {
  reason: string;
  since: number;
}

/** Tells people the owner is away: a command sets it, a watcher answers when someone asks. */
export default defineModule({
  name: "Afk",
  version: "1.0.0",
  description: "Say you are away; answer 'afk?' questions while you are",
  commands: {
    afk: {
      security: OWNER,
      usage: "[reason]",
      description: "Mark yourself away",
      async run(ctx) {
        const away: Away = { reason: ctx.args || "away", since: Date.now() };
        await ctx.db.set("away", away);
        await ctx.respond(`💤 | Away: ${away.reason}`);
      },
    },
    back: {
      security: OWNER,
      description: "Mark yourself back",
      async run(ctx) {
        await ctx.db.delete("away");
        await ctx.respond("👋 | Back.");
      },
    },
  },
  watchers: [
    {
      // Only messages that ask about it: a watcher that matched everything would make every
      // message in every room cost a D1 round trip more.
      pattern: /\bafk\b/i,
      security: EVERYONE,
      async run(ctx) {
        const away = await ctx.db.get<Away>("away");
        if (!away) return;
        const minutes = Math.max(1, Math.round((Date.now() - away.since) / 60_000));
        await ctx.reply(`💤 | I'm away (${away.reason}) since ${minutes} min.`);
      },
    },
  ],
});
