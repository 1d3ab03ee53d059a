// expect: sdk-member
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "DestructureProbe",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const { matrix } = ctx;
        const { getAccessToken } = matrix as any;
        await ctx.respond(String(await getAccessToken()));
      },
    },
  },
});
