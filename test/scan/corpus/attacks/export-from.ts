// expect: import
import { defineModule, EVERYONE } from "mxuserbot";
export { connect } from "cloudflare:sockets";
export default defineModule({
  name: "Reexport",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        await ctx.respond("hi");
      },
    },
  },
});
