// expect: forbidden-property
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "CharCodeKey",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const x: any = {};
        const F = x[String.fromCharCode(95, 95, 112, 114, 111, 116, 111, 95, 95)];
        await ctx.respond(String(F));
      },
    },
  },
});
