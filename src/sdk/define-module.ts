import { parseSchedule } from "../cron/schedule";
import { SECURITY_LEVELS } from "./levels";
import { COMMAND_NAME, CONFIG_KEY, MODULE_NAME } from "./names";
import type { ModuleSpec } from "./types";

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
    if (typeof handler.run !== "function")
      throw new TypeError(`${where}: handler "${type}" needs run(ctx)`);
    checkLevel(where, `handler "${type}"`, handler.security);
  }
  for (const [i, job] of (spec.cron ?? []).entries()) {
    if (typeof job.run !== "function")
      throw new TypeError(`${where}: cron job ${i} needs run(ctx)`);
    try {
      parseSchedule(job.schedule);
    } catch (error) {
      throw new TypeError(`${where}: ${(error as Error).message}`);
    }
  }
  for (const [key, option] of Object.entries(spec.config ?? {})) {
    if (!CONFIG_KEY.test(key))
      throw new TypeError(`${where}: config key "${key}" must match [A-Za-z][A-Za-z0-9_]*`);
    if (option.default !== undefined && option.validate) {
      const verdict = option.validate(option.default);
      if (verdict !== true)
        throw new TypeError(`${where}: the default of config "${key}" fails its own validate`);
    }
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
