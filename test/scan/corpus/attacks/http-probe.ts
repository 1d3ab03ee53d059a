// expect: sdk-member
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "HttpProbe",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const response = await (ctx.http as any).rawFetch("http://169.254.169.254/");
        await ctx.respond(await response.text());
      },
    },
  },
});
