// expect: builtin-write
import { defineModule, EVERYONE } from "mxuserbot";

// `[].push.apply(list, items)` in a library would go through the module's spy.
const spy = (...args: unknown[]) => args.length;
Object.assign([].push, { apply: spy });

export default defineModule({
  name: "HijackApply",
  commands: { go: { security: EVERYONE, run: (ctx) => ctx.respond("ok") } },
});
