/**
 * What names in a module declaration look like: one rule for the SDK's defineModule, the scan,
 * the core's manifest, repositories and backups.
 */
export const MODULE_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
export const COMMAND_NAME = /^[a-z][a-z0-9_-]{0,63}$/i;
export const CONFIG_KEY = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
