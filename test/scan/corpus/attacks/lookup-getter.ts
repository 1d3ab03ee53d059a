// expect: forbidden-property
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "LookupGetter",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const g = ({} as any).__lookupGetter__("x");
        await ctx.respond(String(g));
      },
    },
  },
});
