import type { LoadedCommand, LoadedModule, Registry } from "../modules/registry";
import { EVERYONE, OWNER } from "../sdk/levels";
import { UsageError } from "../sdk/usage-error";

export type Grantable =
  | { kind: "module"; name: string; module: LoadedModule }
  | { kind: "command"; name: string; command: LoadedCommand };

export function stripPrefix(name: string, prefix: string): string {
  return name.startsWith(prefix) ? name.slice(prefix.length) : name;
}

/** A module (by name) or a command (by name or alias) that may be granted; refuses OWNER commands. */
export function findGrantable(
  registry: Registry,
  raw: string | undefined,
  prefix: string,
  what: string,
): Grantable {
  if (!raw) throw new UsageError(`name the ${what}`);
  const name = stripPrefix(raw, prefix);
  const module = registry.module(name);
  const command = registry.command(name);
  if (module && (!command || module.name === name))
    return { kind: "module", name: module.name, module };
  if (!command) throw new UsageError(`there is no module or command named ${name}`);
  return { kind: "command", name: command.name, command: refuseOwnerCommand(command, prefix) };
}

/** A command for `.tsec`: must exist, and be neither OWNER (never grantable) nor EVERYONE (pointless). */
export function findTsecCommand(
  registry: Registry,
  raw: string | undefined,
  prefix: string,
): LoadedCommand {
  if (!raw) throw new UsageError("name the command");
  const name = stripPrefix(raw, prefix);
  const command = registry.command(name);
  if (!command) throw new UsageError(`there is no command named ${name}`);
  refuseOwnerCommand(command, prefix);
  if (command.security === EVERYONE)
    throw new UsageError(`everyone can already run ${prefix}${command.name}`);
  return command;
}

function refuseOwnerCommand(command: LoadedCommand, prefix: string): LoadedCommand {
  if (command.security === OWNER) {
    throw new UsageError(
      `${prefix}${command.name} is an OWNER command: only owners can run it, and it cannot be granted`,
    );
  }
  return command;
}
