// expect: escaped-identifier
import { defineModule, EVERYONE } from "mxuserbot";
const obj = { a: 1 };
export default defineModule({
  name: "EscBraces",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        await ctx.respond(String(obj.\u{61}));
      },
    },
  },
});
