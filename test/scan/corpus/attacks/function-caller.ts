// expect: forbidden-property
import { defineModule, EVERYONE } from "mxuserbot";
function spy() {
  return (spy as any).caller;
}
export default defineModule({
  name: "Caller",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        await ctx.respond(String(spy()));
      },
    },
  },
});
