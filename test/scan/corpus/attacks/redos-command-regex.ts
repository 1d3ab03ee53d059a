// expect: redos
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "CommandRegex",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const m = /^(\w+\s?)*$/.exec(ctx.args);
        await ctx.respond(String(m));
      },
    },
  },
});
