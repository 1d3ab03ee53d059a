import { defineModule, EVERYONE, OWNER, SUDO } from "mxuserbot";

export default defineModule({
  name: "Notes",
  version: "1.0.0",
  description: "Save and recall notes",
  config: {
    maxNotes: {
      default: 50,
      description: "How many notes to keep",
      validate: (v) => (typeof v === "number" && v > 0) || "must be a positive number",
    },
  },
  commands: {
    note: {
      security: SUDO,
      aliases: ["n"],
      usage: "<name> <text>",
      description: "Save a note",
      async run(ctx) {
        const [name, ...rest] = ctx.argv;
        if (!name) return void (await ctx.respond("usage: .note <name> <text>"));
        const keys = await ctx.db.keys("note:");
        const max = ctx.config.get<number>("maxNotes") ?? 50;
        if (keys.length >= max) return void (await ctx.respond(`too many notes (max ${max})`));
        await ctx.db.set(`note:${name}`, { text: rest.join(" "), at: Date.now() });
        await ctx.respond("saved");
      },
    },
    get: {
      security: EVERYONE,
      usage: "<name>",
      async run(ctx) {
        const note = await ctx.db.get<{ text: string; at: number }>(`note:${ctx.argv[0]}`);
        await ctx.respond(note ? note.text : "no such note");
      },
    },
    forget: {
      security: OWNER,
      async run(ctx) {
        const removed = await ctx.db.delete(`note:${ctx.argv[0]}`);
        await ctx.respond(removed ? "forgotten" : "no such note");
      },
    },
  },
  watchers: [
    {
      pattern: /\bafk\b/i,
      security: EVERYONE,
      async run(ctx) {
        ctx.log.info(`afk mentioned: ${ctx.match[0]}`);
      },
    },
  ],
  on: {
    "m.reaction": {
      async run(ctx) {
        ctx.log.info(`reaction in ${ctx.roomId}`);
      },
    },
  },
  cron: [
    {
      schedule: "*/10 * * * *",
      async run(ctx) {
        const keys = await ctx.db.keys("note:");
        ctx.log.info(`${keys.length} notes kept`);
      },
    },
  ],
});
