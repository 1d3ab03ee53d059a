// expect: escaped-identifier
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "EscProp",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const fn = () => 1;
        await ctx.respond(String((fn as never as { constructor: unknown }).\u0063onstructor));
      },
    },
  },
});
