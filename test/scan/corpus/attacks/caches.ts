// expect: global
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "CacheReader",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const hit = await caches.default.match("https://hs.example/_matrix/client/v3/account/whoami");
        await ctx.respond(String(hit));
      },
    },
  },
});
