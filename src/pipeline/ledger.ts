import { SELECT_SETTINGS } from "../settings";
/**
 * The dedupe ledger: which transactions and events were already handled. The hot path batches
 * these statements with others, so they are raw prepared statements over the Drizzle schema's tables.
 */

/** A claim older than this is taken to be from an invocation that died, and may be taken over. */
export const CLAIM_LEASE_MS = 120_000;

export function selectSettings(d1: D1Database): D1PreparedStatement {
  return d1.prepare(SELECT_SETTINGS);
}

export function selectTransaction(d1: D1Database, txnId: string): D1PreparedStatement {
  return d1.prepare("SELECT 1 AS done FROM transactions WHERE txn_id = ?").bind(txnId);
}

/** Handling that failed, timed out or died this many times is given up: the event is done. */
export const MAX_ATTEMPTS = 3;

/**
 * Returns a row (`event_id`, `attempts`) when this invocation now owns the event: it is new,
 * an earlier try failed, or the invocation that held it died (its lease ran out).
 */
export function claimEvent(d1: D1Database, eventId: string, now: number): D1PreparedStatement {
  return d1
    .prepare(
      `INSERT INTO processed_events (event_id, status, claimed_at, attempts) VALUES (?1, 'claimed', ?2, 1)
       ON CONFLICT (event_id) DO UPDATE SET
         status = 'claimed', claimed_at = excluded.claimed_at, attempts = processed_events.attempts + 1
       WHERE processed_events.status = 'failed'
          OR (processed_events.status = 'claimed' AND processed_events.claimed_at < ?3)
       RETURNING event_id, attempts`,
    )
    .bind(eventId, now, now - CLAIM_LEASE_MS);
}

export function markEventsDone(d1: D1Database, eventIds: readonly string[]): D1PreparedStatement {
  return d1
    .prepare(
      "UPDATE processed_events SET status = 'done' WHERE event_id IN (SELECT value FROM json_each(?))",
    )
    .bind(JSON.stringify(eventIds));
}

/** Frees claims after a failure, keeping the count of attempts, so a retry can take them. */
export function releaseClaims(d1: D1Database, eventIds: readonly string[]): D1PreparedStatement {
  return d1
    .prepare(
      "UPDATE processed_events SET status = 'failed' WHERE status = 'claimed' AND event_id IN (SELECT value FROM json_each(?))",
    )
    .bind(JSON.stringify(eventIds));
}

export function recordTransaction(d1: D1Database, txnId: string, now: number): D1PreparedStatement {
  return d1
    .prepare(
      "INSERT INTO transactions (txn_id, completed_at) VALUES (?, ?) ON CONFLICT (txn_id) DO NOTHING",
    )
    .bind(txnId, now);
}

/** Housekeeping: forget dedupe records older than `days`. */
export function pruneLedger(d1: D1Database, now: number, days = 7): D1PreparedStatement[] {
  const before = now - days * 86_400_000;
  return [
    d1.prepare("DELETE FROM transactions WHERE completed_at < ?").bind(before),
    d1.prepare("DELETE FROM processed_events WHERE claimed_at < ?").bind(before),
  ];
}
