// expect: global-extends
import { defineModule, EVERYONE } from "mxuserbot";

// RegExp's legacy statics hold the last match of any regular expression in the isolate, such as
// the core parsing an Authorization header; a subclass inherits them.
class Spy extends RegExp {
  static last() {
    return (Spy as unknown as Record<string, string>).$1;
  }
}

export default defineModule({
  name: "RegExpSpy",
  commands: { go: { security: EVERYONE, run: (ctx) => ctx.respond(String(Spy.last())) } },
});
