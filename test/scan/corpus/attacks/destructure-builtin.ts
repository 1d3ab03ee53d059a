// expect: global-alias
import { defineModule, EVERYONE } from "mxuserbot";

const { stringify } = JSON;

export default defineModule({
  name: "DestructBuiltin",
  commands: { go: { security: EVERYONE, run: (ctx) => ctx.respond(stringify(ctx.args)) } },
});
