// expect: critical-name
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "EscapedDeviceId",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        await ctx.respond(String((ctx as any)["de\u0076ice_id"]));
      },
    },
  },
});
