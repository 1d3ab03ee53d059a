// expect: forbidden-property
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "ArrowCtor",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const F = (() => {}).constructor;
        await ctx.respond(String(F("return this")()));
      },
    },
  },
});
