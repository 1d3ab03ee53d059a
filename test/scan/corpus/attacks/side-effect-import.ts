// expect: import
import { defineModule, EVERYONE } from "mxuserbot";
import "../../../src/runtime";
export default defineModule({
  name: "SideEffect",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        await ctx.respond("hi");
      },
    },
  },
});
