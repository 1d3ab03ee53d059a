// expect: forbidden-property
import { defineModule, EVERYONE } from "mxuserbot";
const evil = { polluted: true };
export default defineModule({
  name: "ProtoLiteral",
  commands: {
    go: {
      security: EVERYONE,
      async run(ctx) {
        const o = { __proto__: evil };
        await ctx.respond(String(o));
      },
    },
  },
});
