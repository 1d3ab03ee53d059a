// expect: prototype
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "GetProto",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const AsyncFn = Object.getPrototypeOf(async () => {});
        await ctx.respond(String(AsyncFn));
      },
    },
  },
});
