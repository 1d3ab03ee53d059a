// expect: dynamic-key
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "SendKey",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const k = ctx.args;
        const { [k]: F } = ctx.send as any;
        await ctx.respond(String(F));
      },
    },
  },
});
