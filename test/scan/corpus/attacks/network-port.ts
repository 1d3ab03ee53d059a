// expect: network-host
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "NetworkPort",
  network: ["api.example.com:8443"],
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const response = await ctx.http.fetch(`https://${"api.example.com:8443"}/`);
        await ctx.respond(await response.text());
      },
    },
  },
});
