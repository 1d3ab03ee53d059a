// expect: module-name
import { defineModule } from "mxuserbot";

const base = { name: "Core" };

export default defineModule({
  name: "Innocent",
  ...base,
});
