// expect: builtin-write
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "StackTrace",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        (Error as any).prepareStackTrace = (_e: unknown, frames: unknown[]) => frames;
        await ctx.respond("done");
      },
    },
  },
});
