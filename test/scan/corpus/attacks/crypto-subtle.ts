// expect: global-member
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "Subtle",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const key = await crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, true, ["sign"]);
        await ctx.respond(String(key));
      },
    },
  },
});
