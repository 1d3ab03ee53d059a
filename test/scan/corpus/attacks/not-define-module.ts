// expect: module-shape
import { EVERYONE } from "mxuserbot";

export default {
  name: "Plain",
  commands: { go: { security: EVERYONE, run: () => undefined } },
};
