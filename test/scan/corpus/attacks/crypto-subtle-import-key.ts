// expect: global-member
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "SubtleImportKey",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(ctx.args), { name: "HMAC", hash: "SHA-256" }, true, ["sign"]);
        await ctx.respond(String(key));
      },
    },
  },
});
