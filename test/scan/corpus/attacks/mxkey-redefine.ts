// expect: reserved-name
import { defineModule, EVERYONE } from "mxuserbot";
const __mxKey = (k: unknown) => k;
export default defineModule({
  name: "KeyRedef",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        await ctx.respond(String(__mxKey(ctx.args)));
      },
    },
  },
});
