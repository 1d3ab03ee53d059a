// expect: sdk-member
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "DeleteDevice",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        await (ctx.matrix as any).deleteDevice(ctx.args);
      },
    },
  },
});
