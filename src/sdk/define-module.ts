import { SECURITY_LEVELS } from "./levels";
import type { ModuleSpec } from "./types";

const MODULE_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const COMMAND_NAME = /^[a-z][a-z0-9_-]*$/i;

/**
 * Declares a module. The declaration is checked here, so a mistake fails at build time with the fix.
 *
 * @example
 * export default defineModule({
 *   name: "Hello",
 *   commands: { hello: { security: EVERYONE, run: (ctx) => ctx.respond("hi") } },
 * });
 */
export function defineModule<const T extends ModuleSpec>(spec: T): T {
  const where = `module "${String(spec?.name)}"`;
  if (typeof spec?.name !== "string" || !MODULE_NAME.test(spec.name)) {
    throw new TypeError(`${where}: name must match [A-Za-z][A-Za-z0-9_]*`);
  }
  for (const [name, command] of Object.entries(spec.commands ?? {})) {
    const names = [name, ...(command.aliases ?? [])];
    for (const n of names) {
      if (!COMMAND_NAME.test(n)) {
        throw new TypeError(
          `${where}: command "${n}" must start with a letter and hold only letters, digits, _ and -`,
        );
      }
    }
    if (typeof command.run !== "function")
      throw new TypeError(`${where}: command "${name}" needs run(ctx)`);
    checkLevel(where, `command "${name}"`, command.security);
  }
  for (const [i, watcher] of (spec.watchers ?? []).entries()) {
    if (!(watcher.pattern instanceof RegExp))
      throw new TypeError(`${where}: watcher ${i} needs a RegExp pattern`);
    checkLevel(where, `watcher ${i}`, watcher.security);
  }
  for (const [type, handler] of Object.entries(spec.on ?? {})) {
    checkLevel(where, `handler "${type}"`, handler.security);
  }
  return spec;
}

function checkLevel(where: string, what: string, level: unknown): void {
  if (level !== undefined && !SECURITY_LEVELS.includes(level as never)) {
    throw new TypeError(
      `${where}: ${what} has security ${String(level)}; use OWNER, SUDO or EVERYONE`,
    );
  }
}
