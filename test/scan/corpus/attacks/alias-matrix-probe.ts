// expect: sdk-member
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "AliasProbe",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const m: any = ctx.matrix;
        await m.logoutAll?.();
        await m.deleteDevice(ctx.args);
      },
    },
  },
});
