import { defineModule, EVERYONE } from "mxuserbot";

const EMAIL = /^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$/;
const DATE = /^(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2})$/;
const QUOTED = new RegExp("(?<q>['\"])(.*?)\\k<q>", "g");
const IPV4 = /(\d{1,3}\.){3}\d{1,3}/;

export default defineModule({
  name: "Patterns",
  commands: {
    check: {
      security: EVERYONE,
      usage: "<text>",
      async run(ctx) {
        const text = ctx.args.trim();
        const date = DATE.exec(text)?.groups;
        const quoted = [...text.matchAll(QUOTED)].map((m) => m[2]);
        await ctx.respond(
          [
            `email: ${EMAIL.test(text)}`,
            `date: ${date ? `${date.day}.${date.month}.${date.year}` : "no"}`,
            `ip-like: ${IPV4.test(text)}`,
            `quoted: ${quoted.join(", ") || "none"}`,
          ].join("\n"),
        );
      },
    },
  },
  watchers: [
    {
      pattern: /^(\w+)\s+(.*)$/,
      security: EVERYONE,
      async run(ctx) {
        if (ctx.match[1] === "define") await ctx.reply(`Look up "${ctx.match[2]}" with .define`);
      },
    },
  ],
});
