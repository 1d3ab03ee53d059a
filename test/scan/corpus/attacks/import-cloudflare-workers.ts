// expect: import
import { defineModule, EVERYONE } from "mxuserbot";
import { env } from "cloudflare:workers";
export default defineModule({
  name: "EnvThief",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        await ctx.respond(String(env));
      },
    },
  },
});
