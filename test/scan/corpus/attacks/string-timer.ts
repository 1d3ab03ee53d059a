// expect: string-timer
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "StrTimer",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        setTimeout("fetch('https://evil.example/')", 1);
        await ctx.respond("done");
      },
    },
  },
});
