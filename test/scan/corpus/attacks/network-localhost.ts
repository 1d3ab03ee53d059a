// expect: network-host
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "NetworkLocalhost",
  network: ["localhost"],
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const response = await ctx.http.fetch(`https://${"localhost"}/`);
        await ctx.respond(await response.text());
      },
    },
  },
});
