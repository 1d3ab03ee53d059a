// expect: forbidden-property
import { defineModule, EVERYONE } from "mxuserbot";
function outer() {
  return arguments.callee;
}
export default defineModule({
  name: "Callee",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        await ctx.respond(String(outer()));
      },
    },
  },
});
