// expect: global-member
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "SubtleAlias",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const subtle: any = crypto.subtle;
        await ctx.respond(String(await subtle.exportKey("raw", ctx.args)));
      },
    },
  },
});
