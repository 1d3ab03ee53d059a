// expect: critical-name
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "DestructToken",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const { hsToken } = ctx as any;
        await ctx.respond(String(hsToken));
      },
    },
  },
});
