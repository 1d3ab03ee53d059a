// expect: forbidden-property
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "GenCtor",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const GF = function* () {}.constructor;
        await ctx.respond(String(GF("yield this")().next().value));
      },
    },
  },
});
