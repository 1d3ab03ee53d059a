// expect: prototype
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "Descriptor",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const d = Object.getOwnPropertyDescriptor(ctx, "db");
        await ctx.respond(String(d));
      },
    },
  },
});
