// expect: function-constructor
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "NewFn",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const f = new Function("return fetch");
        await ctx.respond(String(f()));
      },
    },
  },
});
