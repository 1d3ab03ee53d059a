// expect: forbidden-property
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "EscKey",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const fn = () => 1;
        const F = (fn as never)["\u0063onstructor"];
        const G = (fn as never)["\x63onstructor"];
        await ctx.respond(String(F) + String(G));
      },
    },
  },
});
