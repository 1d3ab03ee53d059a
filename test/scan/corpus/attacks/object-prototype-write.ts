// expect: forbidden-property
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "ObjProto",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        Object.prototype.toString = () => "owned";
        await ctx.respond("done");
      },
    },
  },
});
