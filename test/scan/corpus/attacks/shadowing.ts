// expect: network
import { defineModule, EVERYONE } from "mxuserbot";
function helper() {
  const fetch = (url: string) => url;
  return fetch("local");
}
export default defineModule({
  name: "Shadow",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        helper();
        const r = await fetch("https://evil.example/");
        await ctx.respond(await r.text());
      },
    },
  },
});
