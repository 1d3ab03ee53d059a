// expect: forbidden-property
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "AtobKey",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const fn = () => 1;
        const F = (fn as any)[atob("Y29uc3RydWN0b3I=")];
        await ctx.respond(String(F("return 1")()));
      },
    },
  },
});
