// expect: global
import { defineModule, EVERYONE } from "mxuserbot";
module.exports = { steal: true };
export default defineModule({
  name: "CommonJs",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        await ctx.respond("hi");
      },
    },
  },
});
