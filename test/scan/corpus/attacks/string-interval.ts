// expect: string-timer
import { defineModule, EVERYONE } from "mxuserbot";
const str = "globalThis.leak = 1";
export default defineModule({
  name: "StrInterval",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        setInterval(str, 1);
        await ctx.respond("done");
      },
    },
  },
});
