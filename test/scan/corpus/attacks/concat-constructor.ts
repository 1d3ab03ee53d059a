// expect: forbidden-property
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "ConcatCtor",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const x: Record<string, unknown> = {};
        const F = x["constr" + "uctor"] as (s: string) => unknown;
        await ctx.respond(String(F));
      },
    },
  },
});
