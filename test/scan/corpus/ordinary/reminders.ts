import { defineModule, SUDO } from "mxuserbot";

interface Reminder {
  roomId: string;
  text: string;
  due: number;
}

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

function parseDelay(spec: string): number | null {
  const match = /^(\d+)([smhd])$/.exec(spec);
  if (!match) return null;
  const [, amount, unit] = match;
  return Number(amount) * (UNITS[unit ?? ""] ?? 0);
}

export default defineModule({
  name: "Reminders",
  description: "Reminds you later",
  commands: {
    remind: {
      security: SUDO,
      usage: "<30m|2h|1d> <text>",
      async run(ctx) {
        const [spec = "", ...words] = ctx.argv;
        const delay = parseDelay(spec);
        if (delay === null) return void (await ctx.respond("usage: .remind 30m text"));
        const reminder: Reminder = { roomId: ctx.roomId, text: words.join(" "), due: Date.now() + delay };
        const id = `${reminder.due}-${Math.floor(Math.random() * 1e6)}`;
        await ctx.db.set(`r:${id}`, reminder);
        await ctx.respond(`I'll remind you at ${new Date(reminder.due).toISOString()}`);
      },
    },
  },
  cron: [
    {
      schedule: "* * * * *",
      async run(ctx) {
        const now = ctx.scheduledTime;
        for (const key of await ctx.db.keys("r:")) {
          const reminder = await ctx.db.get<Reminder>(key);
          if (!reminder || reminder.due > now) continue;
          await ctx.matrix.sendMessage(reminder.roomId, `⏰ ${reminder.text}`);
          await ctx.db.delete(key);
        }
      },
    },
  ],
});
