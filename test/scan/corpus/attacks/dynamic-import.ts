// expect: dynamic-import
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "Dynamic",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const { env } = await import("cloudflare:workers");
        await ctx.respond(JSON.stringify(env));
      },
    },
  },
});
