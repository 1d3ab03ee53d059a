// expect: global
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "Requirer",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const cp = require("node:child_process");
        await ctx.respond(String(cp));
      },
    },
  },
});
