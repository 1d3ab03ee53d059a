import { Method } from "matrix-js-sdk/lib/http-api/method.js";
import type { Config } from "../config";
import { cryptoChangesOf, decryptEvents, e2eeDevice } from "../crypto/client";
import type { Env } from "../env";
import { describeError } from "../log";
import { MatrixClient } from "../matrix/client";
import { HomeserverError } from "../matrix/retry";
import { processEvents } from "../pipeline/process-events";
import { createRuntime, type Runtime } from "../runtime";
import { eventsOf, isSyncResponse, type SyncResponse } from "./batch";
import { hashOf, POSITION_ONLY_FILTER, syncFilter } from "./filter";
import {
  acquireLease,
  advance,
  clearStopped,
  markStopped,
  releaseLease,
  type SyncRow,
  saveFilter,
} from "./state";

const LONG_POLL_MS = 30_000;
const LEASE_MARGIN_MS = 30_000;

export type SyncOutcome = "synced" | "busy" | "stopped" | "failed";

/**
 * Sync mode, from the Cron Trigger: reads /sync with the account's token and feeds the events
 * through the same pipeline as pushed transactions, long-polling until the budget is spent.
 * The position moves only after a batch is processed and recorded, by compare-and-set.
 */
export async function runSync(
  env: Env,
  config: Config,
  now: number,
  rt: Runtime = createRuntime(env, config),
): Promise<SyncOutcome> {
  const accessToken = config.accessToken as string;
  const deadline = Date.now() + config.syncBudgetMs;
  const lease = { token: crypto.randomUUID(), until: deadline + LEASE_MARGIN_MS };
  const row = await acquireLease(rt.d1, lease.token, now, lease.until);
  if (!row) {
    rt.log.info("sync: another run is reading the stream");
    return "busy";
  }
  const tokenHash = await hashOf(accessToken);
  try {
    if (row.stopped_token_hash === tokenHash) {
      rt.log.error(
        `sync is stopped: ${row.stopped_reason}. Put a new MATRIX_ACCESS_TOKEN to resume.`,
      );
      return "stopped";
    }
    if (row.stopped_token_hash) await clearStopped(rt.d1);
    const client = syncClient(config, accessToken);
    const device = e2eeDevice(env, config);
    const filter = await ensureFilter(rt, client, row, device !== null);
    let since = row.next_batch;
    if (since === null) {
      const first = await sync(client, { timeout: "0", filter: POSITION_ONLY_FILTER }, 0);
      if (!(await advance(rt.d1, lease, null, first.next_batch, rt.now()))) return "busy";
      since = first.next_batch;
      rt.log.info("sync: started from the current position; earlier messages are not replayed");
    }
    for (
      let remaining = deadline - Date.now();
      remaining > 100;
      remaining = deadline - Date.now()
    ) {
      const timeout = Math.min(LONG_POLL_MS, remaining - 100);
      const batch = await sync(client, { since, timeout: String(timeout), filter }, timeout);
      // Room keys arrive as to-device messages: the device takes them before the timeline.
      if (device) await device.sync(cryptoChangesOf(batch));
      const timeline = eventsOf(batch, config.userId);
      const events = device ? await decryptEvents(device, timeline, rt.log) : timeline;
      if (events.length > 0) await processEvents(rt, events);
      if (!(await advance(rt.d1, lease, since, batch.next_batch, rt.now()))) {
        rt.log.warn("sync: the position was moved by another run; leaving the stream to it");
        break;
      }
      since = batch.next_batch;
    }
    return "synced";
  } catch (error) {
    if (error instanceof HomeserverError && error.status === 401) {
      const reason = `the homeserver rejected MATRIX_ACCESS_TOKEN (${error.errcode ?? "401"}) at ${new Date(now).toISOString()}`;
      await markStopped(rt.d1, tokenHash, reason);
      rt.log.error(`sync: ${reason}; sync stops until the token is replaced`);
      return "stopped";
    }
    rt.log.warn(
      `sync: ${describeError(error)}; the next cron run tries again from the same position`,
    );
    return "failed";
  } finally {
    await releaseLease(rt.d1, lease.token).catch(() => undefined);
  }
}

function syncClient(config: Config, accessToken: string): MatrixClient {
  return new MatrixClient({
    baseUrl: config.homeserverUrl,
    accessToken,
    userId: config.userId,
    masquerade: false,
    // A failing homeserver is left alone until the next cron run rather than hammered now.
    retry: { baseMs: config.retryBaseMs, maxRetries: 1, maxRateLimitRetries: 1, maxWaitMs: 10_000 },
  });
}

async function ensureFilter(
  rt: Runtime,
  client: MatrixClient,
  row: SyncRow,
  encrypted: boolean,
): Promise<string> {
  const filter = syncFilter(await rt.ready(), encrypted);
  const hash = await hashOf(filter);
  if (row.filter_id && row.filter_hash === hash) return row.filter_id;
  const { filter_id } = await client.request<{ filter_id: string }>(
    Method.Post,
    `/user/${encodeURIComponent(rt.config.userId)}/filter`,
    { body: filter },
  );
  await saveFilter(rt.d1, filter_id, hash);
  return filter_id;
}

async function sync(
  client: MatrixClient,
  query: Record<string, string>,
  timeout: number,
): Promise<SyncResponse> {
  const response = await client.request<unknown>(Method.Get, "/sync", {
    query,
    timeoutMs: timeout + 15_000,
  });
  if (!isSyncResponse(response))
    throw new Error("the homeserver sent a /sync answer without next_batch");
  return response;
}
