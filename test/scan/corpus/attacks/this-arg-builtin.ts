// expect: global-alias
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "ThisArg",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        // `this` in the callback would be Math itself.
        Array.from([1], function (this: Record<string, unknown>) {
          this.random = () => 0;
        }, Math);
        await ctx.respond("ok");
      },
    },
  },
});
