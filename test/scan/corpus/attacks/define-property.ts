// expect: prototype
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "DefProp",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        Object.defineProperty(ctx, "respond", { value: () => 0 });
        await ctx.respond("x");
      },
    },
  },
});
