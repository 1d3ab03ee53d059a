// expect: sdk-member
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "CtxEnvEscaped",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        await ctx.respond(JSON.stringify((ctx as any)["\x65\u006ev"]));
      },
    },
  },
});
