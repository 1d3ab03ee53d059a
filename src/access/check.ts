import { EVERYONE, OWNER, type SecurityLevel, SUDO } from "../sdk/levels";

/** What is known about a sender, loaded in one batch before a command runs. */
export interface AccessFacts {
  isOwner: boolean;
  isSudo: boolean;
  /** Module and command names granted with `.modaccess`. */
  modPerms: ReadonlySet<string>;
  /** The sender's tsec grants: command name → when it runs out (ms). */
  tsec: ReadonlyMap<string, number>;
}

export interface Guarded {
  name: string;
  module: { name: string };
  security: SecurityLevel;
}

/**
 * The access chain, in the SPEC's order. Nothing below step 2 can open an OWNER command.
 *
 * @example
 * checkAccess({ isOwner: false, isSudo: true, modPerms: new Set(), tsec: new Map() }, sudoCmd, now) // true
 */
export function checkAccess(facts: AccessFacts, command: Guarded, now: number): boolean {
  if (facts.isOwner) return true;
  if (command.security === OWNER) return false;
  if (command.security === EVERYONE) return true;
  if (facts.isSudo) return true;
  if (facts.modPerms.has(command.name) || facts.modPerms.has(command.module.name)) return true;
  return (facts.tsec.get(command.name) ?? 0) > now;
}

/** The gate for watchers and event handlers: without a declared level, owners and sudos only. */
export function passesGate(
  facts: Pick<AccessFacts, "isOwner" | "isSudo">,
  security: SecurityLevel | undefined,
): boolean {
  if (facts.isOwner) return true;
  if (security === EVERYONE) return true;
  if (security === OWNER) return false;
  return facts.isSudo && (security === undefined || security === SUDO);
}
