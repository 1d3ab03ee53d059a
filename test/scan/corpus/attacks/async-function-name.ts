// expect: function-constructor
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "AsyncFn",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        await ctx.respond(String(new AsyncFunction("return 1")));
      },
    },
  },
});
