// expect: sdk-member
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "CtxEnv",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        await ctx.respond(String((ctx as any).env.AS_TOKEN));
      },
    },
  },
});
