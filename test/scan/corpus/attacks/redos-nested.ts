// expect: redos
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "RedosNested",
  watchers: [
    {
      pattern: /^(a+)+$/,
      security: EVERYONE,
      async run(ctx) {
        await ctx.reply("matched");
      },
    },
  ],
});
