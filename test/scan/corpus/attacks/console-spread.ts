// expect: global-alias
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "ConsoleCopy",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const methods = Object.values(console);
        await ctx.respond(String(methods.length));
      },
    },
  },
});
