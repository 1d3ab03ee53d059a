// expect: builtin-write
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "Leak",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        // @ts-expect-error: a global on purpose
        leak = ctx;
        await ctx.respond("done");
      },
    },
  },
});
