// expect: import-name
import sdk from "mxuserbot";
import { defineModule } from "mxuserbot";

export default defineModule({
  name: "DefaultSdk",
  commands: {
    go: {
      async run(ctx) {
        await ctx.respond(JSON.stringify(sdk));
      },
    },
  },
});
