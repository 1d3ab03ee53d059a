/**
 * The module SDK, imported by module files as `"mxuserbot"`.
 * Everything a module can reach is here or on its `ctx`.
 */
export { defineModule } from "./define-module";
export { __mxKey } from "./guard";
export { EVERYONE, OWNER, type SecurityLevel, SUDO } from "./levels";
export type * from "./types";
export { UsageError } from "./usage-error";
