// expect: sdk-member
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "CryptoProbe",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        await ctx.respond(String((ctx.matrix as any).cryptoEnabled));
      },
    },
  },
});
