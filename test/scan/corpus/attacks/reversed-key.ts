// expect: forbidden-property
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "ReversedKey",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const name = "rotcurtsnoc".split("").reverse().join("");
        const F = ((() => 1) as any)[name];
        await ctx.respond(String(F));
      },
    },
  },
});
