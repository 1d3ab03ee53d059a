import type { CoreModuleSpec } from "../modules/registry";
import { backup } from "./backup";
import { cfg } from "./cfg";
import { help } from "./help";
import { info } from "./info";
import { logroom } from "./logroom";
import { logs } from "./logs";
import { modaccess } from "./modaccess";
import { modules } from "./modules";
import { ping } from "./ping";
import { prefix } from "./prefix";
import { restore } from "./restore";
import { sudo } from "./sudo";
import { tsec } from "./tsec";
import { web } from "./web";

/** The built-in commands: trusted code, registered like modules so help and access treat them alike. */
export const coreModules: readonly CoreModuleSpec[] = [
  {
    name: "Core",
    description: "Built-in commands",
    commands: {
      help,
      ping,
      info,
      sudo,
      modaccess,
      tsec,
      modules,
      cfg,
      prefix,
      backup,
      restore,
      logroom,
      logs,
      web,
    },
  },
];
