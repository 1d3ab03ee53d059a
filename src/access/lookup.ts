import type { Config } from "../config";
import type { AccessFacts } from "./check";
import {
  type ChargeRule,
  expireTsec,
  selectModPerms,
  selectSudo,
  selectTsec,
  takeRateToken,
} from "./statements";

export interface SenderAccess extends AccessFacts {
  /** 0 when within the rate limit; else how many messages in a row were dropped. */
  dropped: number;
}

export interface AccessLookup {
  statements: D1PreparedStatement[];
  decode(results: readonly D1Result[]): SenderAccess;
}

/**
 * The statements that load what the chain needs about a sender (and take a rate-limit token
 * when `charge` says the bot would act for them), to be batched with the event claim. Owners need none. Expired tsec grants are moved to the
 * notice outbox first, so they are refused and removed in the same step.
 */
export function lookupAccess(
  d1: D1Database,
  config: Config,
  sender: string,
  now: number,
  charge: ChargeRule | null,
): AccessLookup {
  if (config.owners.has(sender)) {
    return {
      statements: [],
      decode: () => ({
        isOwner: true,
        isSudo: false,
        modPerms: new Set(),
        tsec: new Map(),
        dropped: 0,
      }),
    };
  }
  const statements = [
    selectSudo(d1, sender),
    selectModPerms(d1, sender),
    ...expireTsec(d1, now, sender),
    selectTsec(d1, sender),
    ...(charge ? [takeRateToken(d1, sender, now, config.rateLimit, charge)] : []),
  ];
  return {
    statements,
    decode(results) {
      const rows = (i: number) => (results[i]?.results ?? []) as Record<string, unknown>[];
      return {
        isOwner: false,
        isSudo: rows(0).length > 0,
        modPerms: new Set(rows(1).map((r) => String(r.target))),
        tsec: new Map(rows(4).map((r) => [String(r.command), Number(r.expires_at)])),
        dropped: Number(rows(5)[0]?.dropped ?? 0),
      };
    },
  };
}
