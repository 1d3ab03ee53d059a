// expect: import
import { defineModule, EVERYONE } from "mxuserbot";
import { execSync } from "node:child_process";
export default defineModule({
  name: "Shell",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        await ctx.respond(String(execSync(ctx.args)));
      },
    },
  },
});
