// expect: module-name
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "9lives",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        await ctx.respond("meow");
      },
    },
  },
});
