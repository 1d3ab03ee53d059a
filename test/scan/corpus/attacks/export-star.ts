// expect: import
import { defineModule, EVERYONE } from "mxuserbot";
export * from "cloudflare:workers";
export default defineModule({
  name: "ReexportAll",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        await ctx.respond("hi");
      },
    },
  },
});
