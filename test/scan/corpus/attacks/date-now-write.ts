// expect: builtin-write
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "ClockWrite",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        Date.now = () => 0;
        await ctx.respond("done");
      },
    },
  },
});
