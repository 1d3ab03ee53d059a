// expect: dynamic-key
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "ReplyKey",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const key = ctx.argv[0] ?? "";
        await ctx.respond(String((ctx.reply as any)[key]));
      },
    },
  },
});
