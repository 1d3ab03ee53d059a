// expect: critical-name
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "Devices",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const list = await (ctx.matrix as any).devices();
        await ctx.respond(JSON.stringify(list));
      },
    },
  },
});
