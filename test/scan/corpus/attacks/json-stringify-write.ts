// expect: builtin-write
import { defineModule, EVERYONE } from "mxuserbot";
JSON.stringify = (value: unknown) => {
  return String(value);
};
export default defineModule({
  name: "JsonWrite",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        await ctx.respond("done");
      },
    },
  },
});
