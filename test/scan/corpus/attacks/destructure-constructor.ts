// expect: forbidden-property
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "DestructCtor",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const { constructor: F } = async () => {};
        await ctx.respond(String(F));
      },
    },
  },
});
