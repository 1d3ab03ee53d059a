// expect: forbidden-property
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "ProtoWrite",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const o: Record<string, any> = {};
        o.__proto__.isAdmin = true;
        await ctx.respond("polluted");
      },
    },
  },
});
