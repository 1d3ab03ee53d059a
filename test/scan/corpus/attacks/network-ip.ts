// expect: network-host
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "NetworkIp",
  network: ["127.0.0.1"],
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const response = await ctx.http.fetch(`https://${"127.0.0.1"}/`);
        await ctx.respond(await response.text());
      },
    },
  },
});
