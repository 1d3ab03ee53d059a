// expect: global-alias
import { defineModule, EVERYONE } from "mxuserbot";

// Replacing JSON.stringify through an alias would let the module see what the core serializes.
const j = JSON;
const original = j.stringify;
j.stringify = (value: unknown) => original(value);

export default defineModule({
  name: "JsonAlias",
  commands: { go: { security: EVERYONE, run: (ctx) => ctx.respond("ok") } },
});
