// expect: forbidden-property
import { defineModule, EVERYONE } from "mxuserbot";
class A {
  static constructor() {
    return 1;
  }
}
export default defineModule({
  name: "StaticCtor",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        await ctx.respond(String(A));
      },
    },
  },
});
