/** Only owners: the bot account itself and the MXIDs in `OWNERS`. */
export const OWNER = "OWNER";
/** Owners and the users added with `.sudo add` (the default for commands). */
export const SUDO = "SUDO";
/** Anyone in the room. */
export const EVERYONE = "EVERYONE";

export type SecurityLevel = typeof OWNER | typeof SUDO | typeof EVERYONE;

export const SECURITY_LEVELS: readonly SecurityLevel[] = [OWNER, SUDO, EVERYONE];
