// expect: global-member
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "DynMember",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const name = ["get", "Prototype", "Of"].join("");
        await ctx.respond(String((Object as any)[name](ctx)));
      },
    },
  },
});
