// expect: network-host
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "NetworkPrivateName",
  network: ["db.internal"],
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const response = await ctx.http.fetch(`https://${"db.internal"}/`);
        await ctx.respond(await response.text());
      },
    },
  },
});
