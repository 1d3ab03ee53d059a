// expect: global
import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "Wasm",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const m = await WebAssembly.instantiate(new Uint8Array([0, 97, 115, 109]));
        await ctx.respond(String(m));
      },
    },
  },
});
