// expect: builtin-write
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "JsonDelete",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        delete (JSON as any).parse;
        await ctx.respond("done");
      },
    },
  },
});
