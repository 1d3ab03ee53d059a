// expect: types
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "WrongType",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        await ctx.respond(42);
        await ctx.db.set("only-a-key");
      },
    },
  },
});
