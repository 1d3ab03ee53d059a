import { describeError } from "../log";
import { logTail } from "../logroom/flush";
import type { RoomEvent } from "../matrix/events";
import type { Runtime } from "../runtime";
import { decodeSettings, loadSettings } from "../settings";
import { classify } from "./classify";
import { type Claim, dispatch, type Outcome } from "./dispatch";
import {
  MAX_ATTEMPTS,
  markEventsDone,
  recordTransaction,
  releaseClaims,
  selectSettings,
  selectTransaction,
} from "./ledger";

/**
 * The pipeline both modes feed: one D1 batch learns the settings and what was already done;
 * chatter stops there. Events that need the bot are dispatched in order, then recorded.
 *
 * @param txnId the appservice transaction, recorded once everything in it is done
 */
export async function processEvents(
  rt: Runtime,
  events: readonly RoomEvent[],
  txnId?: string,
): Promise<void> {
  const { d1 } = rt;
  // Transactions of only ephemeral or to-device data carry no room events: nothing to do or record.
  if (events.length === 0) return;
  // Events already done are not looked up here: chatter never needs it, and the claim in
  // dispatch refuses them anyway.
  const [settingsRows, txnRows] = await d1.batch<Record<string, unknown>>([
    selectSettings(d1),
    txnId ? selectTransaction(d1, txnId) : d1.prepare("SELECT 0 AS done WHERE 0"),
  ]);
  if ((txnRows?.results.length ?? 0) > 0) return;
  let settings = decodeSettings(
    (settingsRows?.results ?? []) as { key: string; value: string }[],
    rt.config,
  );
  rt.journal.mask(settings.moduleConfig.values());
  await rt.ready(settings.modulesRev);
  // The same event twice in one transaction is still one event.
  const seen = new Set<string>();
  const pending = events.filter((e) => !seen.has(e.event_id) && Boolean(seen.add(e.event_id)));
  const needsBot = (event: RoomEvent) =>
    classify(event, rt.registry, settings, rt.config.userId, rt.config.owners);
  if (!pending.some(needsBot)) return;

  const finished: string[] = [];
  const inFlight: string[] = [];
  let settingsChanged = false;
  const onSettingsChanged = () => {
    settingsChanged = true;
  };
  for (const event of pending) {
    // Classified again here: an owner command earlier in this transaction may have changed
    // the prefix or switched a module off, and that takes effect at once.
    const intent = needsBot(event);
    if (!intent) continue;
    const claim: Claim = { attempts: 0 };
    let outcome: Outcome;
    try {
      outcome = await dispatch(rt, settings, intent, onSettingsChanged, claim);
    } catch (error) {
      if (claim.attempts >= MAX_ATTEMPTS) {
        // The third failure: give the event up rather than block the homeserver's queue.
        rt.log.error(
          `gave up on event ${event.event_id} in ${event.room_id} after ${claim.attempts} failed attempts: ${describeError(error)}`,
        );
        finished.push(event.event_id);
        continue;
      }
      // Keep what was finished; free the failed claim so the homeserver's retry can run it.
      await d1
        .batch([
          markEventsDone(d1, finished),
          releaseClaims(d1, claim.attempts > 0 ? [event.event_id] : []),
        ])
        .catch((e) =>
          rt.log.warn(`could not release claims (they expire by themselves): ${String(e)}`),
        );
      throw error;
    }
    if (outcome !== "skipped") finished.push(event.event_id);
    else if (!(await isDone(d1, event.event_id))) inFlight.push(event.event_id);
    if (settingsChanged) {
      settings = await loadSettings(d1, rt.config);
      rt.journal.mask(settings.moduleConfig.values());
      settingsChanged = false;
      // A module installed, updated or removed earlier in this transaction counts at once.
      await rt.ready(settings.modulesRev);
    }
  }
  const complete = inFlight.length === 0;
  // The log lines ride along: saved, and taken for the log room, at no extra round trip.
  const log = logTail(rt);
  const recorded = await d1.batch([
    markEventsDone(d1, finished),
    ...(txnId && complete ? [recordTransaction(d1, txnId, rt.now())] : []),
    ...log.statements,
  ]);
  log.absorb(recorded);
  // Another invocation holds these (or died holding them): ask to be retried, not to forget them.
  if (!complete) throw new EventsInFlightError(inFlight);
}

export class EventsInFlightError extends Error {
  override readonly name = "EventsInFlightError";
  constructor(readonly eventIds: readonly string[]) {
    super(`${eventIds.length} event(s) are being processed by another invocation`);
  }
}

async function isDone(d1: D1Database, eventId: string): Promise<boolean> {
  const row = await d1
    .prepare("SELECT status FROM processed_events WHERE event_id = ?")
    .bind(eventId)
    .first();
  return row?.status === "done";
}
