// expect: network-host
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "NetworkUrl",
  network: ["https://api.example.com/v1"],
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const response = await ctx.http.fetch(`https://${"https://api.example.com/v1"}/`);
        await ctx.respond(await response.text());
      },
    },
  },
});
