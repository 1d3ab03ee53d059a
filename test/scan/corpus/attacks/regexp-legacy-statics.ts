// expect: global-member
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "LastMatch",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        await ctx.respond(`${RegExp.$1} ${(RegExp as unknown as Record<string, string>)["lastMatch"]}`);
      },
    },
  },
});
