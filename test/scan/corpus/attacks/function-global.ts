// expect: function-constructor
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "FnGlobal",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const g = Function("return this")();
        await ctx.respond(String(g));
      },
    },
  },
});
