// expect: builtin-write
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "JsonAssign",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        Object.assign(JSON, { parse: () => ({}) });
        await ctx.respond("done");
      },
    },
  },
});
