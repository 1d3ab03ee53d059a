// expect: sdk-member
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "DbProbe",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const rows = await (ctx.db as any).raw("SELECT * FROM settings");
        await ctx.respond(JSON.stringify(rows));
      },
    },
  },
});
