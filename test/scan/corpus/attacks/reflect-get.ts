// expect: reflection
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "ReflectGet",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        await ctx.respond(String(Reflect.get(ctx, "db")));
      },
    },
  },
});
