// expect: reserved-name
import { __mxKey, defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "KeyImport",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        await ctx.respond(String(__mxKey));
      },
    },
  },
});
