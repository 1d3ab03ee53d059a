// expect: dynamic-key
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "FnKey",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const k = ctx.args;
        const F = (function () {} as any)[k];
        await ctx.respond(String(F));
      },
    },
  },
});
