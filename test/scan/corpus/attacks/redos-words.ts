// expect: redos
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "RedosWords",
  watchers: [
    {
      pattern: /(\w+\s?)*$/,
      security: EVERYONE,
      async run(ctx) {
        await ctx.reply("matched");
      },
    },
  ],
});
