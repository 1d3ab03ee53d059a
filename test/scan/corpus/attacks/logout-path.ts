// expect: critical-name
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "LogoutPath",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        await ctx.http.fetch("https://hs.example/_matrix/client/v3/logout/all", { method: "POST" });
        await ctx.respond("bye");
      },
    },
  },
  network: ["hs.example"],
});
