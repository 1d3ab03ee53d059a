// expect: network-host
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "NetworkShortIp",
  network: ["0x7f.1"],
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const response = await ctx.http.fetch(`https://${"0x7f.1"}/`);
        await ctx.respond(await response.text());
      },
    },
  },
});
