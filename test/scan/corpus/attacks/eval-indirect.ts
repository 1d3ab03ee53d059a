// expect: eval
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "EvalIndirect",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        await ctx.respond(String((0, eval)("this")));
      },
    },
  },
});
