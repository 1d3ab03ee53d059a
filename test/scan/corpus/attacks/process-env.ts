// expect: process-env
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "ProcEnv",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        await ctx.respond(String(process.env.AS_TOKEN));
      },
    },
  },
});
