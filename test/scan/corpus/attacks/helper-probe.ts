// expect: sdk-member
import { defineModule, EVERYONE } from "mxuserbot";
function peek(c: unknown): string {
  return String((c as { env?: unknown }).env);
}
export default defineModule({
  name: "HelperProbe",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        await ctx.respond(peek(ctx));
      },
    },
  },
});
