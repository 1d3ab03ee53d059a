// expect: sdk-member
import * as sdk from "mxuserbot";
import { defineModule } from "mxuserbot";

export default defineModule({
  name: "NamespaceProbe",
  commands: {
    go: {
      security: sdk.EVERYONE,
      async run(ctx) {
        await ctx.respond(String((sdk as any).runtime));
      },
    },
  },
});
