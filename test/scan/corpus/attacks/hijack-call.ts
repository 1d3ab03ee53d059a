// expect: builtin-write
import { defineModule, EVERYONE } from "mxuserbot";

// Libraries call `Object.prototype.toString.call(value)`; replacing `call` on that shared method
// would hand the module every value they check.
const seen: unknown[] = [];
const toString = ({}).toString as unknown as Record<string, unknown>;
const realCall = (() => 0).call;
toString.call = function (this: unknown, value: unknown, ...rest: unknown[]) {
  seen.push(value);
  return realCall.apply(toString as never, [value, ...rest] as never);
};

export default defineModule({
  name: "HijackCall",
  commands: { go: { security: EVERYONE, run: (ctx) => ctx.respond(String(seen.length)) } },
});
