// expect: critical-name
import { defineModule, EVERYONE } from "mxuserbot";
const KEY = "MATRIX_ACCESS_TOKEN";
export default defineModule({
  name: "TokenString",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        await ctx.respond(String((ctx as any)[KEY]));
      },
    },
  },
});
