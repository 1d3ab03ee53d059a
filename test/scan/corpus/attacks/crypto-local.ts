// expect: critical-name
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "LocalCrypto",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const crypto = (ctx as any)["crypto"];
        await ctx.respond(String(crypto));
      },
    },
  },
});
