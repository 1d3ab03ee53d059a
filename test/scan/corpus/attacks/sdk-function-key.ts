// expect: dynamic-key
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "DefineKey",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        await ctx.respond(String((defineModule as any)[ctx.args]));
      },
    },
  },
});
