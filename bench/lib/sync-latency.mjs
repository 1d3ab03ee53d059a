import { refetch } from "./http.mjs";
import { percentile, round } from "./stats.mjs";

/** @param {number} ms */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** The Worker counts as idle once its CPU grew by less than this (ms) in QUIET_MS. */
const QUIET_CPU_MS = 0.3;
const QUIET_MS = 200;

/**
 * @typedef {{ method: string, path: string, query: Record<string, string>, body: any, actingDevice: string | null, status: number | null, ts: number }} RecordedRequest
 */

/**
 * Drives a sync-mode Worker from outside. `/__scheduled` answers at once and the cron run goes
 * on in the background for SYNC_BUDGET_SECONDS (long-polling /sync), so the driver knows when
 * the run ends from the budget, fires the next one (after the last one has released its lease)
 * when too little is left, and sees from the homeserver's request log when the run's long-poll
 * is waiting. `measure` times one thing put into the stream: to its answer, and the Worker's
 * CPU until it is idle again in its long-poll (including the batch that carries its own answer
 * back to it).
 * @param {{ hsUrl: string, tenant: { id: string }, workerUrl: string, budgetMs: number, device?: string, cpu: () => number }} o
 */
export function syncDriver(o) {
  let runEnd = 0;
  /** @param {string} path @param {unknown} [body] @returns {Promise<any>} */
  const control = async (path, body) => {
    const res = await refetch(
      `${o.hsUrl}/_fake/t/${o.tenant.id}/${path}`,
      body === undefined ? {} : { method: "POST", body: JSON.stringify(body) },
    );
    const json = await res.json();
    if (!res.ok) throw new Error(`fake homeserver ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  /** The bot's own long-polls (/sync with a position) since `after`. @param {number} after */
  const botSyncs = async (after) =>
    /** @type {RecordedRequest[]} */ (await control("requests")).filter(
      (r) =>
        r.path.endsWith("/sync") &&
        (o.device === undefined || r.actingDevice === o.device) &&
        r.query.since !== undefined &&
        r.ts >= after,
    );

  const driver = {
    control,
    /** A run with at least `ms` of its budget left, its long-poll waiting. */
    async ready(ms = 3_000) {
      if (Date.now() < runEnd - ms) return;
      await driver.finish();
      const fired = Date.now();
      runEnd = fired + o.budgetMs;
      const res = await fetch(`${o.workerUrl}/__scheduled?cron=*+*+*+*+*`);
      await res.arrayBuffer();
      if (!(await waitFor(async () => (await botSyncs(fired)).length > 0)))
        throw new Error("the cron run never long-polled /sync");
      await sleep(50);
    },
    /** Resolves once the current run is over and has released its lease. */
    async finish() {
      if (Date.now() < runEnd + 500) await sleep(runEnd + 500 - Date.now());
    },
    /**
     * Runs `act` (which puts something into the stream and returns its event id) on a waiting
     * long-poll. `ms`: from just before `act` to the homeserver's receipt of the answer (an
     * event whose relation names that id), or, with `answer: false`, to the long-poll the
     * Worker is back in when done; `cpu`: the Worker's CPU from before `act` until then.
     * @param {() => Promise<string>} act @param {{ answer?: boolean, timeoutMs?: number }} [opts]
     */
    async measure(act, { answer = true, timeoutMs = 30_000 } = {}) {
      await driver.ready();
      const cpu0 = o.cpu();
      const t0 = Date.now();
      const id = await act();
      if (answer) {
        const seen = await waitFor(async () => {
          const sent = /** @type {{ content: any }[]} */ (await control("sent"));
          return sent.some((e) => e.content?.["m.relates_to"]?.event_id === id);
        }, timeoutMs);
        if (!seen) throw new Error(`no answer to ${id} within ${timeoutMs} ms`);
      }
      let cpu = o.cpu();
      let quietSince = Date.now();
      for (const until = Date.now() + timeoutMs; Date.now() < until; ) {
        await sleep(20);
        const now = o.cpu();
        if (now - cpu > QUIET_CPU_MS) quietSince = Date.now();
        cpu = now;
        if (Date.now() - quietSince < QUIET_MS) continue;
        // Idle: confirm that the run is waiting in a long-poll that began after `act`.
        const polls = await botSyncs(t0);
        const last = polls[polls.length - 1];
        if (last && last.status === null) {
          const requests = /** @type {RecordedRequest[]} */ (await control("requests"));
          const reply = requests.find(
            (r) => r.method === "PUT" && r.body?.["m.relates_to"]?.event_id === id,
          );
          const end = answer ? (reply?.ts ?? Number.NaN) : last.ts;
          return { ms: end - t0, cpu: cpu - cpu0, id };
        }
        quietSince = Date.now();
      }
      throw new Error(`the Worker did not go back to its long-poll within ${timeoutMs} ms`);
    },
  };
  return driver;
}

/**
 * Sync mode: the Worker long-polls the fake homeserver from its Cron Trigger; each sample is the
 * time from a `.ping` entering the room's timeline to its answer reaching the homeserver, and
 * the Worker's CPU for it (its answer coming back in the next batch included). Then `batches`
 * batches of one chatter message: time until the Worker long-polls again, and its CPU.
 * @param {{ hsUrl: string, tenant: { id: string }, workerUrl: string, budgetMs: number, device?: string, cpu: () => number, samples: number, batches: number, owner: string, room: string }} o
 */
export async function syncLatency(o) {
  const driver = syncDriver(o);
  const say = (/** @type {string} */ body) => async () => {
    const { event_ids } = await driver.control("events", {
      roomId: o.room,
      events: [{ type: "m.room.message", sender: o.owner, content: { msgtype: "m.text", body } }],
    });
    return /** @type {string} */ (event_ids[0]);
  };
  await driver.measure(say(".ping"));
  /** @type {{ ms: number, cpu: number }[]} */
  const samples = [];
  for (let i = 0; i < o.samples; i++) samples.push(await driver.measure(say(".ping")));
  /** @type {{ ms: number, cpu: number }[]} */
  const batches = [];
  for (let i = 0; i < o.batches; i++)
    batches.push(await driver.measure(say(`just chatting ${i}`), { answer: false }));
  await driver.finish();
  return {
    ...summary(samples),
    batchMs: round(
      percentile(
        batches.map((b) => b.ms),
        50,
      ),
    ),
    batchCpu: round(
      percentile(
        batches.map((b) => b.cpu),
        50,
      ),
      2,
    ),
  };
}

/** p50/p95 of `ms`, mean CPU. @param {{ ms: number, cpu: number }[]} samples */
export function summary(samples) {
  const ms = samples.map((s) => s.ms);
  return {
    p50: round(percentile(ms, 50)),
    p95: round(percentile(ms, 95)),
    cpu: round(samples.reduce((a, s) => a + s.cpu, 0) / samples.length, 2),
  };
}

/** @param {() => Promise<boolean>} check */
async function waitFor(check, ms = 30_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return true;
    await sleep(5);
  }
  return false;
}
