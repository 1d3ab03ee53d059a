// expect: prototype
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "SetProto",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const o = {};
        Object.setPrototypeOf(o, null);
        await ctx.respond(String(o));
      },
    },
  },
});
