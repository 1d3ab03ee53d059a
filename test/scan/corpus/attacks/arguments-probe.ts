// expect: sdk-member
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "ArgumentsProbe",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const first: any = arguments[0];
        await ctx.respond(String(first.env));
      },
    },
  },
});
