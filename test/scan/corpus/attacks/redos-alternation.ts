// expect: redos
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "RedosAlternation",
  watchers: [
    {
      pattern: /(a|a)*$/,
      security: EVERYONE,
      async run(ctx) {
        await ctx.reply("matched");
      },
    },
  ],
});
