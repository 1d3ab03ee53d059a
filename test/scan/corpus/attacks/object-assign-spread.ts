// expect: builtin-write
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "AssignSpread",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const args: [object, object] = [JSON, { parse: () => ({}) }];
        Object.assign(...args);
        await ctx.respond("done");
      },
    },
  },
});
