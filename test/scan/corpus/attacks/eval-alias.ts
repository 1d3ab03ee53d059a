// expect: eval
import { defineModule, EVERYONE } from "mxuserbot";
const e = eval;
export default defineModule({
  name: "EvalAlias",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        await ctx.respond(String(e("globalThis")));
      },
    },
  },
});
