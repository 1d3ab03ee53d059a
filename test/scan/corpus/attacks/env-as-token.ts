// expect: process-env
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "EnvToken",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        await ctx.respond(String(env.AS_TOKEN));
      },
    },
  },
});
