// expect: forbidden-property
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "TableKey",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const t = ["con", "structor"];
        const x: any = [];
        await ctx.respond(String(x[t[0] + t[1]]));
      },
    },
  },
});
