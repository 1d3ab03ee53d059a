import { describeError } from "../log";
import { SENT_BY_BOT, textContent } from "../matrix/content";
import { deriveTxnId } from "../matrix/txn-id";
import type { Runtime } from "../runtime";
import { linesMessage, toPostable } from "./format";
import { claimLines, insertLines, type LineRow, selectClaimed } from "./statements";

/** Statements to add to a batch, and what to do with their results. */
export interface LogTail {
  readonly statements: D1PreparedStatement[];
  /** Hands the lines taken for the log room to the journal, to post at the end. */
  absorb(results: readonly D1Result[]): void;
}

/**
 * Saves this invocation's lines and takes the unposted ones for the log room, as statements to
 * add to a batch the invocation runs anyway: no round trip of its own.
 *
 * @param before statements that add lines of their own, run before the claim
 */
export function logTail(rt: Runtime, before: D1PreparedStatement[] = [], now = rt.now()): LogTail {
  const { d1 } = rt;
  const lines = rt.journal.take();
  const claim = crypto.randomUUID();
  return {
    statements: [
      ...(lines.length > 0 ? [insertLines(d1, lines, now)] : []),
      ...before,
      claimLines(d1, claim, now),
      selectClaimed(d1, claim, now),
    ],
    absorb(results) {
      const rows = (results.at(-1)?.results ?? []) as (LineRow & { room: string | null })[];
      const room = rows[0]?.room;
      if (room) rt.journal.hold(room, rows.map(toPostable));
    },
  };
}

/**
 * The end of an invocation: saves what the journal still holds and posts what was taken for the
 * log room; one batch and one message at most, none when there is nothing. Best effort: it
 * never throws, and lines whose message fails stay in D1 for `.logs`.
 *
 * @param opts.claim look for unposted lines even when this invocation logged nothing (the cron)
 * @param opts.before statements that add lines of their own, run before the claim
 * @param opts.now the time to claim at (the cron's scheduled time)
 */
export async function finishLog(
  rt: Runtime,
  opts: { claim?: boolean; before?: D1PreparedStatement[]; now?: number } = {},
): Promise<void> {
  try {
    if (rt.journal.hasLines || opts.claim) {
      const tail = logTail(rt, opts.before, opts.now);
      tail.absorb(await rt.d1.batch(tail.statements));
    }
  } catch (error) {
    // Not through rt.log: its lines are what failed to be saved.
    console.warn(`[mxuserbot] log lines could not be saved: ${describeError(error)}`);
  }
  for (const { room, lines } of rt.journal.takeHeld()) {
    try {
      await post(rt, room, lines);
    } catch (error) {
      console.warn(`[mxuserbot] the log room could not be posted to: ${describeError(error)}`);
    }
  }
}

async function post(rt: Runtime, room: string, lines: ReturnType<typeof toPostable>[]) {
  const content = {
    ...textContent(linesMessage(`📋 | ${lines.length} log line(s)`, lines), "m.notice"),
    [SENT_BY_BOT]: true,
  };
  // Lines are claimed once, so one set of ids is one message, whoever retries the send.
  const txnId = await deriveTxnId("log-room", room, lines[0]?.id ?? 0, lines.at(-1)?.id ?? 0);
  await rt.matrix.sendEvent(room, "m.room.message", content, txnId);
}
