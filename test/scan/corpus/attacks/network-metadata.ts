// expect: network-host
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "NetworkMetadata",
  network: ["169.254.169.254"],
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const response = await ctx.http.fetch(`https://${"169.254.169.254"}/`);
        await ctx.respond(await response.text());
      },
    },
  },
});
