// expect: redos
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "RedosNamedGroup",
  watchers: [
    {
      pattern: /^(?<part>\d+|\d+\.\d+)*x$/u,
      security: EVERYONE,
      async run(ctx) {
        await ctx.reply("matched");
      },
    },
  ],
});
