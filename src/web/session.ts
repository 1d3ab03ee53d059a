import { takeRateToken } from "../access/statements";
import { sha256Hex } from "../hash";

/** A login link works once, for this long. */
export const LINK_MS = 5 * 60_000;
/** A dashboard session ends this long after its login, or at logout. */
export const SESSION_MS = 12 * 60 * 60_000;
/** Login attempts per client address: a burst, then a steady rate (the links are unguessable). */
const LOGIN_LIMIT = { burst: 20, perMinute: 6 };

export interface WebSession {
  /** The owner the dashboard acts for. */
  userId: string;
  /** Where `.web` was asked: a tsec granted from the dashboard says its time is up there. */
  roomId: string;
  expiresAt: number;
  /** The SHA-256 of the session id, as stored. */
  idHash: string;
}

/** 32 random bytes, base64url: a login token or a session id. */
export function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/** Only hashes are stored: a copy of D1 opens no dashboard. */
const hashOf = (kind: string, secret: string) => sha256Hex(`mxuserbot-web-${kind}:${secret}`);

/** The CSRF token of a session: derived from its id, which only the session's cookie holds. */
export const csrfTokenOf = (sessionId: string) => hashOf("csrf", sessionId);

/** Stores a new one-time login token for `userId` (and forgets expired ones); returns the token. */
export async function createLoginToken(
  d1: D1Database,
  userId: string,
  roomId: string,
  now: number,
): Promise<string> {
  const token = randomSecret();
  await d1.batch([
    d1.prepare("DELETE FROM web_logins WHERE expires_at <= ?").bind(now),
    d1
      .prepare(
        "INSERT INTO web_logins (token_hash, user_id, room_id, expires_at) VALUES (?, ?, ?, ?)",
      )
      .bind(await hashOf("login", token), userId, roomId, now + LINK_MS),
  ]);
  return token;
}

/** Whether a login token is live, without using it up (the login page's GET). */
export async function loginTokenIsLive(d1: D1Database, token: string, now: number) {
  const row = await d1
    .prepare("SELECT 1 FROM web_logins WHERE token_hash = ? AND expires_at > ?")
    .bind(await hashOf("login", token), now)
    .first();
  return row !== null;
}

export type Redeemed =
  | { ok: true; sessionId: string; session: WebSession }
  | { ok: false; why: "rate-limited" | "invalid" };

/**
 * Exchanges a login token for a session, once: in one D1 batch (a transaction) the session is
 * made from the token's row, the row is deleted and the login is audited. `client` names who is
 * trying (their address), for the rate limit.
 */
export async function redeemLoginToken(
  d1: D1Database,
  token: string,
  client: string,
  now: number,
): Promise<Redeemed> {
  const charge = await takeRateToken(d1, `web-login:${client}`, now, LOGIN_LIMIT, {
    kind: "always",
  }).first<{ dropped: number }>();
  if ((charge?.dropped ?? 0) > 0) return { ok: false, why: "rate-limited" };
  const sessionId = randomSecret();
  const idHash = await hashOf("session", sessionId);
  const tokenHash = await hashOf("login", token);
  const expiresAt = now + SESSION_MS;
  const [, , , made] = await d1.batch<{ user_id: string; room_id: string }>([
    d1
      .prepare(
        `INSERT INTO web_sessions (id_hash, user_id, room_id, created_at, expires_at)
         SELECT ?1, user_id, room_id, ?2, ?3 FROM web_logins WHERE token_hash = ?4 AND expires_at > ?2`,
      )
      .bind(idHash, now, expiresAt, tokenHash),
    d1
      .prepare("DELETE FROM web_logins WHERE token_hash = ? OR expires_at <= ?")
      .bind(tokenHash, now),
    d1
      .prepare(
        `INSERT INTO audit_log (at, actor, action, target, detail, event_id)
         SELECT ?2, user_id, 'web.login', 'dashboard', ?3, ?4 FROM web_sessions WHERE id_hash = ?1`,
      )
      .bind(
        idHash,
        now,
        `a dashboard session until ${new Date(expiresAt).toISOString()}`,
        `web:${crypto.randomUUID()}`,
      ),
    d1.prepare("SELECT user_id, room_id FROM web_sessions WHERE id_hash = ?").bind(idHash),
  ]);
  const row = made?.results[0];
  if (!row) return { ok: false, why: "invalid" };
  return {
    ok: true,
    sessionId,
    session: { userId: row.user_id, roomId: row.room_id, expiresAt, idHash },
  };
}

/** The live session a cookie's id names, or null. */
export async function findSession(
  d1: D1Database,
  sessionId: string,
  now: number,
): Promise<WebSession | null> {
  const idHash = await hashOf("session", sessionId);
  const row = await d1
    .prepare(
      "SELECT user_id, room_id, expires_at FROM web_sessions WHERE id_hash = ? AND expires_at > ?",
    )
    .bind(idHash, now)
    .first<{ user_id: string; room_id: string; expires_at: number }>();
  return row
    ? { userId: row.user_id, roomId: row.room_id, expiresAt: row.expires_at, idHash }
    : null;
}

/** Ends one session (logout), audited; expired sessions go with it. */
export async function endSession(d1: D1Database, session: WebSession, now: number) {
  await d1.batch([
    d1
      .prepare("DELETE FROM web_sessions WHERE id_hash = ? OR expires_at <= ?")
      .bind(session.idHash, now),
    auditRow(d1, now, session.userId, "web.logout", `web:${crypto.randomUUID()}`),
  ]);
}

/** Ends every session and unused login link (`.web revoke`), audited. */
export async function endAllSessions(
  d1: D1Database,
  actor: { userId: string; eventId: string },
  now: number,
): Promise<void> {
  await d1.batch([
    d1.prepare("DELETE FROM web_sessions"),
    d1.prepare("DELETE FROM web_logins"),
    auditRow(d1, now, actor.userId, "web.revoke", actor.eventId),
  ]);
}

function auditRow(d1: D1Database, at: number, actor: string, action: string, eventId: string) {
  return d1
    .prepare(
      "INSERT INTO audit_log (at, actor, action, target, detail, event_id) VALUES (?, ?, ?, 'dashboard', NULL, ?)",
    )
    .bind(at, actor, action, eventId);
}
