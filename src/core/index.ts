import type { CoreModuleSpec } from "../modules/registry";
import { help } from "./help";
import { ping } from "./ping";

/** The built-in commands: trusted code, registered like modules so help and access treat them alike. */
export const coreModules: readonly CoreModuleSpec[] = [
  {
    name: "Core",
    description: "Built-in commands",
    commands: { help, ping },
  },
];
