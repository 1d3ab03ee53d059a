// expect: network
import { defineModule, EVERYONE } from "mxuserbot";
{
  const WebSocket = class {};
  void WebSocket;
}
export default defineModule({
  name: "BlockShadow",
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
