// expect: escaped-identifier
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "EscIdent",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        await ctx.respond(String(\u0065val("1 + 1")));
      },
    },
  },
});
