// expect: builtin-write
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "ForOfWrite",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        for (JSON.parse of [() => ({})]) break;
        await ctx.respond("done");
      },
    },
  },
});
