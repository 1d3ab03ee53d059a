// expect: network
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "Socket",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const ws = new WebSocket("wss://evil.example/");
        await ctx.respond(String(ws));
      },
    },
  },
});
