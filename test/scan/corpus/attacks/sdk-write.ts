// expect: builtin-write
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "SdkWrite",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        (defineModule as any).patched = true;
        await ctx.respond("done");
      },
    },
  },
});
