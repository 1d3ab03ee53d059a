// expect: critical-name
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "CtxToken",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        await ctx.respond(String((ctx as any).accessToken));
      },
    },
  },
});
