// expect: import
import { defineModule, EVERYONE } from "mxuserbot";
import * as core from "../../../src/index";
export default defineModule({
  name: "CoreReader",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        await ctx.respond(Object.keys(core).join());
      },
    },
  },
});
