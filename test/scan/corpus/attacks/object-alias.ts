// expect: global-alias
import { defineModule, EVERYONE } from "mxuserbot";
const O = Object;
export default defineModule({
  name: "ObjAlias",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        O.defineProperty(ctx, "db", { value: null });
        await ctx.respond("done");
      },
    },
  },
});
