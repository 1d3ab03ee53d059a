import { and, eq } from "drizzle-orm";
import { expireTsec } from "../access/statements";
import { audit } from "../access/store";
import { tsecNotices } from "../db/schema";
import { describeError } from "../log";
import { escapeHtml, messageContent } from "../matrix/content";
import { HomeserverError } from "../matrix/retry";
import { deriveTxnId } from "../matrix/txn-id";
import type { Runtime } from "../runtime";

/** A notice claimed longer ago than this belongs to a run that died; another run may send it. */
const NOTICE_LEASE_MS = 5 * 60_000;

interface Notice {
  user_id: string;
  command: string;
  expires_at: number;
  room_id: string;
}

/**
 * Posts "your time is up" for every expired tsec grant, exactly once: expired grants move to the
 * outbox and are claimed in one batch (so overlapping runs split them), each notice is sent with
 * a txnId derived from the grant (so a retried send shows once), and it leaves the outbox only
 * after the homeserver took it. A transient failure leaves it for the next run.
 */
export async function sendTsecExpiryNotices(
  rt: Runtime,
  now: number,
): Promise<{ sent: number; kept: number }> {
  const { d1 } = rt;
  const token = crypto.randomUUID();
  const results = await d1.batch([
    ...expireTsec(d1, now),
    d1
      .prepare(
        `UPDATE tsec_notices SET claimed_at = ?1, claim_token = ?2
         WHERE claimed_at IS NULL OR claimed_at < ?3
         RETURNING user_id, command, expires_at, room_id`,
      )
      .bind(now, token, now - NOTICE_LEASE_MS),
  ]);
  const notices = (results[2]?.results ?? []) as unknown as Notice[];
  let sent = 0;
  let kept = 0;
  for (const notice of notices) {
    const ours = and(
      eq(tsecNotices.userId, notice.user_id),
      eq(tsecNotices.command, notice.command),
      eq(tsecNotices.expiresAt, notice.expires_at),
      eq(tsecNotices.claimToken, token),
    );
    const finish = (action: string) =>
      rt.db.batch([
        rt.db.delete(tsecNotices).where(ours),
        audit(
          rt.db,
          { userId: rt.config.userId, eventId: "", at: now },
          action,
          notice.user_id,
          notice.command,
        ),
      ]);
    try {
      await postNotice(rt, notice);
      await finish("tsec.expired");
      sent++;
    } catch (error) {
      if (error instanceof HomeserverError && !error.transient) {
        rt.log.error(
          `tsec notice for ${notice.user_id} (${notice.command}) cannot be sent, dropping it: ${error.message}`,
        );
        await finish("tsec.notice_failed");
        continue;
      }
      rt.log.warn(
        `tsec notice for ${notice.user_id} (${notice.command}) failed, next run retries: ${describeError(error)}`,
      );
      // If this fails too, the claim goes stale and a later run takes the notice over.
      await rt.db
        .update(tsecNotices)
        .set({ claimedAt: null, claimToken: null })
        .where(ours)
        .catch(() => undefined);
      kept++;
    }
  }
  return { sent, kept };
}

async function postNotice(rt: Runtime, notice: Notice): Promise<void> {
  const name = await displayName(rt, notice.user_id);
  const body = `⏰ | ${name}, your time is up. you can no longer use the ${notice.command} command`;
  const html = `⏰ | <a href="https://matrix.to/#/${encodeURIComponent(notice.user_id)}">${escapeHtml(name)}</a>, your time is up. you can no longer use the <code>${escapeHtml(notice.command)}</code> command`;
  const content = {
    ...messageContent({ body, html }),
    "m.mentions": { user_ids: [notice.user_id] },
  };
  const txnId = await deriveTxnId("tsec-expiry", notice.user_id, notice.command, notice.expires_at);
  await rt.matrix.sendEvent(notice.room_id, "m.room.message", content, txnId);
}

async function displayName(rt: Runtime, userId: string): Promise<string> {
  const localpart = userId.slice(1).split(":")[0] ?? userId;
  try {
    const profile = await rt.matrix.getProfile(userId);
    return typeof profile.displayname === "string" && profile.displayname.trim()
      ? profile.displayname
      : localpart;
  } catch {
    return localpart;
  }
}
