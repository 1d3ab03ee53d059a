// expect: global-extends
import { defineModule, EVERYONE } from "mxuserbot";
class Sneaky extends Object {
  static grab(o: object) {
    return super.getPrototypeOf(o);
  }
}
export default defineModule({
  name: "ExtendsObject",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        await ctx.respond(String(Sneaky.grab(() => 0)));
      },
    },
  },
});
