// expect: reflection
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "ProxyTrap",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const p = new Proxy({}, { get: (_t, k) => k });
        await ctx.respond(String(p));
      },
    },
  },
});
