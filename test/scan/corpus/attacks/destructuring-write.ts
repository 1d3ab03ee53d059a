// expect: builtin-write
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "DestructWrite",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        [Math.random] = [() => 0];
        await ctx.respond("done");
      },
    },
  },
});
