// expect: forbidden-property
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "ArrProto",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        Array.prototype.push = function () { return 0; };
        await ctx.respond("done");
      },
    },
  },
});
