// expect: critical-name
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "Logout",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        await (ctx.matrix as any).logout();
        await ctx.respond("bye");
      },
    },
  },
});
