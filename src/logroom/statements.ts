import type { LogLevel } from "../log";
import type { LogLine } from "./journal";

/** The setting that names the log room (a JSON string; JSON null when it is off). */
export const SETTING_LOG_ROOM = "log_room";
/** Which list of refused modules was last reported (a hash), so each list is reported once. */
export const SETTING_REFUSED_REPORTED = "refused_reported";

/** At most one log-room message per this long; what comes in between waits for the next. */
export const POST_INTERVAL_MS = 30_000;
/** The same line again within this long is not saved again. */
const REPEAT_WINDOW_MS = 3_600_000;
/** How many lines the ring keeps. */
export const RING_SIZE = 1_000;

/** A saved line as read back, with its audit entry when it is one. */
export interface LineRow {
  id: number;
  at: number;
  level: LogLevel;
  text: string | null;
  actor: string | null;
  action: string | null;
  target: string | null;
  detail: string | null;
}

const SELECT_LINES = `SELECT l.id, l.at, l.level, l.text, a.actor, a.action, a.target, a.detail
  FROM log_lines l LEFT JOIN audit_log a ON a.id = l.audit_id`;

/** Saves lines, except one already saved within the repeat window. One statement for any number. */
export function insertLines(
  d1: D1Database,
  lines: readonly LogLine[],
  now: number,
  onlyIfReported?: { key: string; value: string },
): D1PreparedStatement {
  const unreported = onlyIfReported
    ? "AND NOT EXISTS (SELECT 1 FROM settings WHERE key = ?3 AND value = ?4)"
    : "";
  const statement = d1.prepare(
    `INSERT INTO log_lines (at, level, text)
     SELECT json_extract(j.value, '$.at'), json_extract(j.value, '$.level'), json_extract(j.value, '$.text')
     FROM json_each(?1) AS j
     WHERE NOT EXISTS (SELECT 1 FROM log_lines l WHERE l.text = json_extract(j.value, '$.text') AND l.at > ?2)
     ${unreported}`,
  );
  const args: unknown[] = [JSON.stringify(lines), now - REPEAT_WINDOW_MS];
  if (onlyIfReported) args.push(onlyIfReported.key, onlyIfReported.value);
  return statement.bind(...args);
}

/**
 * Takes the lines not yet posted for this invocation, when there is a log room and the last
 * message went out at least POST_INTERVAL_MS ago (the max is read once, before any row changes).
 */
export function claimLines(d1: D1Database, claim: string, now: number): D1PreparedStatement {
  return d1
    .prepare(
      `UPDATE log_lines SET posted_at = ?1, claim = ?2
       WHERE posted_at IS NULL
         AND EXISTS (SELECT 1 FROM settings WHERE key = ?3 AND json_type(value) = 'text')
         AND (SELECT coalesce(max(posted_at), 0) FROM log_lines) <= ?1 - ?4`,
    )
    .bind(now, claim, SETTING_LOG_ROOM, POST_INTERVAL_MS);
}

/** The lines `claimLines` took, oldest first, each with the log room. */
export function selectClaimed(d1: D1Database, claim: string, now: number): D1PreparedStatement {
  return d1
    .prepare(
      `SELECT s.*, (SELECT json_extract(value, '$') FROM settings WHERE key = ?3) AS room
       FROM (${SELECT_LINES} WHERE l.posted_at = ?1 AND l.claim = ?2) s ORDER BY s.id`,
    )
    .bind(now, claim, SETTING_LOG_ROOM);
}

/** The newest `limit` lines of these levels, newest first. */
export function selectRecent(
  d1: D1Database,
  limit: number,
  levels: readonly LogLevel[],
): D1PreparedStatement {
  return d1
    .prepare(
      `${SELECT_LINES} WHERE l.level IN (SELECT value FROM json_each(?1)) ORDER BY l.id DESC LIMIT ?2`,
    )
    .bind(JSON.stringify(levels), limit);
}

/** Lines from before there was a log room are history: a new log room starts from now. */
export function passOverUnposted(d1: D1Database): D1PreparedStatement {
  return d1.prepare("UPDATE log_lines SET posted_at = 0 WHERE posted_at IS NULL");
}

/** Housekeeping: keeps the newest RING_SIZE lines. */
export function pruneLines(d1: D1Database): D1PreparedStatement {
  return d1
    .prepare("DELETE FROM log_lines WHERE id <= (SELECT max(id) FROM log_lines) - ?")
    .bind(RING_SIZE);
}

/** Records that this list of refused modules has been reported. */
export function markReported(d1: D1Database, key: string, value: string): D1PreparedStatement {
  return d1
    .prepare(
      "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(key, value);
}
