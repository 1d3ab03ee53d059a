import type { Context } from "hono";
import { parseTransaction } from "../appservice/transaction";
import { decryptEvents, e2eeDevice } from "../crypto/client";
import { countingD1 } from "../db/counting";
import { describeError } from "../log";
import { finishLog } from "../logroom/flush";
import { processEvents } from "../pipeline/process-events";
import { createRuntime, withD1 } from "../runtime";
import type { AppEnv } from "./auth";
import { readJsonBody } from "./body";
import { matrixError } from "./errors";

/**
 * `PUT …/transactions/{txnId}`: validate, then the pipeline; 200 only once every event is
 * processed and recorded, 503 when something failed so the homeserver pushes it again.
 */
export async function handleTransaction(c: Context<AppEnv>): Promise<Response> {
  const body = await readJsonBody(c.req.raw);
  if (!body.ok) return matrixError(c, body.status, body.errcode, body.error);
  const txn = parseTransaction(body.value);
  if (!txn.ok) return matrixError(c, 400, "M_BAD_JSON", txn.error);
  const base = createRuntime(c.env, c.get("config"));
  const counter = c.env.BENCH_COUNT_D1 === "1" ? countingD1(base.d1) : undefined;
  const rt = counter ? withD1(base, counter.d1) : base;
  const txnId = c.req.param("txnId") ?? "";
  if (txn.skipped > 0)
    rt.log.warn(`transaction ${txnId}: skipped ${txn.skipped} malformed event(s)`);
  try {
    // With encrypted rooms on, pushed m.room.encrypted events are decrypted here; one whose
    // room key has not arrived yet is left out, and the sync picks it up once it has.
    const device = e2eeDevice(c.env, rt.config);
    const events = device ? await decryptEvents(device, txn.events, rt.log) : txn.events;
    await processEvents(rt, events, txnId);
  } catch (error) {
    rt.log.error(`transaction ${txnId} failed, the homeserver will retry: ${describeError(error)}`);
    return matrixError(c, 503, "M_UNKNOWN", "could not process the transaction yet; retry later");
  } finally {
    // The 200 does not wait for the log room; lines left unsaved (or an answer-less failure)
    // cost a batch of their own, and only then.
    if (rt.journal.pending) c.executionCtx.waitUntil(finishLog(rt));
  }
  if (counter) c.header("x-d1-round-trips", String(counter.count()));
  return c.json({});
}
