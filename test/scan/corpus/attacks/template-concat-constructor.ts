// expect: forbidden-property
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "TplConcat",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const fn = () => 1;
        const F = (fn as never)[`constr${"uctor"}`];
        await ctx.respond(String(F));
      },
    },
  },
});
