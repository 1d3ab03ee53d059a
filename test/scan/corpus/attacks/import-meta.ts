// expect: import-meta
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "Meta",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        await ctx.respond(String(import.meta.url));
      },
    },
  },
});
