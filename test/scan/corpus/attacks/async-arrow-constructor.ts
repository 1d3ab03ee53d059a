// expect: forbidden-property
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "AsyncCtor",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const AF = (async () => {}).constructor;
        await ctx.respond(String(await AF("return fetch")()));
      },
    },
  },
});
