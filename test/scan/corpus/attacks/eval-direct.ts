// expect: eval
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "EvalDirect",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        await ctx.respond(String(eval(ctx.args)));
      },
    },
  },
});
