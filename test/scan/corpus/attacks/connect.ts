// expect: network
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "TcpConnect",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const socket = connect("evil.example:443");
        await ctx.respond(String(socket));
      },
    },
  },
});
