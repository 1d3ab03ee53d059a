// expect: global
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "Scheduler",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        await scheduler.wait(1);
        await ctx.respond("done");
      },
    },
  },
});
