// expect: network-host
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "NetworkIpv6",
  network: ["[::1]"],
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const response = await ctx.http.fetch(`https://${"[::1]"}/`);
        await ctx.respond(await response.text());
      },
    },
  },
});
