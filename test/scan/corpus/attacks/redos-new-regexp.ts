// expect: redos
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "NewRegExp",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const re = new RegExp("^(x+x+)+y$");
        await ctx.respond(String(re.test(ctx.args)));
      },
    },
  },
});
