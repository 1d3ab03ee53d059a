/**
 * Raw statements for the access tables (schema in src/db/schema.ts). They are batched with the
 * event claim, so a command's access costs no round trip of its own.
 */

/** Moves expired tsec grants (all, or one user's) into the notice outbox, atomically in a batch. */
export function expireTsec(d1: D1Database, now: number, userId?: string): D1PreparedStatement[] {
  const who = userId === undefined ? "" : " AND user_id = ?2";
  const args = userId === undefined ? [now] : [now, userId];
  return [
    d1
      .prepare(
        `INSERT INTO tsec_notices (user_id, command, expires_at, room_id)
         SELECT user_id, command, expires_at, room_id FROM tsec_grants WHERE expires_at <= ?1${who}
         ON CONFLICT DO NOTHING`,
      )
      .bind(...args),
    d1.prepare(`DELETE FROM tsec_grants WHERE expires_at <= ?1${who}`).bind(...args),
  ];
}

export function selectSudo(d1: D1Database, userId: string): D1PreparedStatement {
  return d1.prepare("SELECT 1 AS yes FROM sudos WHERE user_id = ?").bind(userId);
}

export function selectModPerms(d1: D1Database, userId: string): D1PreparedStatement {
  return d1.prepare("SELECT target FROM mod_perms WHERE user_id = ?").bind(userId);
}

export function selectTsec(d1: D1Database, userId: string): D1PreparedStatement {
  return d1.prepare("SELECT command, expires_at FROM tsec_grants WHERE user_id = ?").bind(userId);
}

/** When the bot would act for a sender: only then does a message cost them a token. */
export type ChargeRule =
  | { kind: "always" }
  | { kind: "sudo" }
  | { kind: "granted"; command: string; module: string };

const IS_SUDO = "EXISTS (SELECT 1 FROM sudos WHERE user_id = ?1)";
const CONDITIONS: Record<ChargeRule["kind"], string> = {
  always: "1",
  sudo: IS_SUDO,
  granted: `(${IS_SUDO}
    OR EXISTS (SELECT 1 FROM mod_perms WHERE user_id = ?1 AND target IN (?5, ?6))
    OR EXISTS (SELECT 1 FROM tsec_grants WHERE user_id = ?1 AND command = ?5 AND expires_at > ?3))`,
};

/**
 * Takes one token from the sender's bucket (refilled at `perMinute`, up to `burst`) when `rule`
 * holds, that is when the bot would act for them. Returns `dropped`: 0 when allowed, else how
 * many messages in a row were dropped; no row when nothing was charged. A sender who keeps
 * sending while empty stays empty (tokens floor at -1), so spamming only lengthens the wait.
 */
export function takeRateToken(
  d1: D1Database,
  sender: string,
  now: number,
  limit: { burst: number; perMinute: number },
  rule: ChargeRule,
): D1PreparedStatement {
  return d1
    .prepare(
      `INSERT INTO rate_limits (sender, tokens, updated_at, dropped)
       SELECT ?1, ?2 - 1, ?3, 0 WHERE ${CONDITIONS[rule.kind]}
       ON CONFLICT (sender) DO UPDATE SET
         tokens = max(-1, min(?2, tokens + max(0, ?3 - updated_at) * ?4) - 1),
         dropped = CASE WHEN min(?2, tokens + max(0, ?3 - updated_at) * ?4) < 1 THEN dropped + 1 ELSE 0 END,
         updated_at = max(updated_at, ?3)
       RETURNING dropped`,
    )
    .bind(
      sender,
      limit.burst,
      now,
      limit.perMinute / 60_000,
      ...(rule.kind === "granted" ? [rule.command, rule.module] : []),
    );
}
