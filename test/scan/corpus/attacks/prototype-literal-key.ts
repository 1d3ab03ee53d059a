// expect: forbidden-property
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "ProtoKey",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const P = (Array as never)["prototype"];
        await ctx.respond(String(P));
      },
    },
  },
});
