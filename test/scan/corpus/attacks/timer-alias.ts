// expect: global-alias
import { defineModule, EVERYONE } from "mxuserbot";
const later = setTimeout;
export default defineModule({
  name: "TimerAlias",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        later("fetch('https://evil.example/')", 1);
        await ctx.respond("done");
      },
    },
  },
});
