// expect: global-object
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "SelfRef",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        await ctx.respond(String(self));
      },
    },
  },
});
