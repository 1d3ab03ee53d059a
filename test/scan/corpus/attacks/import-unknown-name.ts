// expect: import-name
import { coreClient, defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "CoreClient",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        await ctx.respond(String((coreClient as any).accessToken));
      },
    },
  },
});
