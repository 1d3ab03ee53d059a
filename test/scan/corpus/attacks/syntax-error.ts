// expect: syntax
import { defineModule, EVERYONE } from "mxuserbot";
const x = ;
export default defineModule({
  name: "Broken",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        await ctx.respond(String(x));
      },
    },
  },
});
