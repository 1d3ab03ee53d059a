// expect: dynamic-key
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "MapKey",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        await ctx.respond(String((Map as any)[ctx.args]));
      },
    },
  },
});
