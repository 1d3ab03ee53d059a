/**
 * The sync position and its lease, as raw statements over `sync_state` (schema in
 * src/db/schema.ts). One row, id "main".
 */

export interface SyncRow {
  next_batch: string | null;
  filter_id: string | null;
  filter_hash: string | null;
  stopped_token_hash: string | null;
  stopped_reason: string | null;
}

/** Takes the lease when it is free or stale; returns the row, or null when another run holds it. */
export async function acquireLease(
  d1: D1Database,
  token: string,
  now: number,
  until: number,
): Promise<SyncRow | null> {
  return d1
    .prepare(
      `INSERT INTO sync_state (id, lease_token, lease_until, updated_at) VALUES ('main', ?1, ?2, ?3)
       ON CONFLICT (id) DO UPDATE SET lease_token = ?1, lease_until = ?2
       WHERE sync_state.lease_until IS NULL OR sync_state.lease_until < ?3
       RETURNING next_batch, filter_id, filter_hash, stopped_token_hash, stopped_reason`,
    )
    .bind(token, until, now)
    .first<SyncRow>();
}

export async function releaseLease(d1: D1Database, token: string): Promise<void> {
  await d1
    .prepare("UPDATE sync_state SET lease_until = 0 WHERE id = 'main' AND lease_token = ?")
    .bind(token)
    .run();
}

/**
 * Moves the position from `from` to `to` and extends the lease, only if this run still holds
 * the lease and nobody moved the position meanwhile. Returns false when it did not.
 */
export async function advance(
  d1: D1Database,
  lease: { token: string; until: number },
  from: string | null,
  to: string,
  now: number,
): Promise<boolean> {
  const result = await d1
    .prepare(
      `UPDATE sync_state SET next_batch = ?1, lease_until = ?2, updated_at = ?3
       WHERE id = 'main' AND lease_token = ?4 AND next_batch IS ?5`,
    )
    .bind(to, lease.until, now, lease.token, from)
    .run();
  return result.meta.changes === 1;
}

export async function saveFilter(d1: D1Database, filterId: string, hash: string): Promise<void> {
  await d1
    .prepare("UPDATE sync_state SET filter_id = ?, filter_hash = ? WHERE id = 'main'")
    .bind(filterId, hash)
    .run();
}

export async function markStopped(
  d1: D1Database,
  tokenHash: string,
  reason: string,
): Promise<void> {
  await d1
    .prepare("UPDATE sync_state SET stopped_token_hash = ?, stopped_reason = ? WHERE id = 'main'")
    .bind(tokenHash, reason)
    .run();
}

export async function clearStopped(d1: D1Database): Promise<void> {
  await d1
    .prepare(
      "UPDATE sync_state SET stopped_token_hash = NULL, stopped_reason = NULL WHERE id = 'main'",
    )
    .run();
}
