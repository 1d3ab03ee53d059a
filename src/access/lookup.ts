import type { Config } from "../config";
import type { AccessFacts } from "./check";

export interface AccessLookup {
  statements: D1PreparedStatement[];
  decode(results: readonly D1Result[]): AccessFacts;
}

const NONE: AccessFacts = { isOwner: false, isSudo: false, modPerms: new Set(), tsec: new Map() };

/** The statements that load a sender's access; owners need none. */
export function lookupAccess(
  _d1: D1Database,
  config: Config,
  sender: string,
  _now: number,
): AccessLookup {
  if (config.owners.has(sender)) {
    return { statements: [], decode: () => ({ ...NONE, isOwner: true }) };
  }
  return { statements: [], decode: () => NONE };
}
