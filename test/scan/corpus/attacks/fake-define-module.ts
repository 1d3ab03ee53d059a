// expect: module-shape
import { EVERYONE } from "mxuserbot";

function defineModule<T>(spec: T): T {
  return spec;
}

export default defineModule({
  name: "Fake",
  commands: { go: { security: EVERYONE, run: () => undefined } },
});
