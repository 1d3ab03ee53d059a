import { refetch } from "./http.mjs";
import { load } from "./load.mjs";
import { round } from "./stats.mjs";

/**
 * @typedef {{ name: string, url: string, tenant: { id: string }, cpu: () => number }} Target
 * @typedef {{ type: string, event_id: string }} BenchEvent
 */

/**
 * The answers a tenant of the fake homeserver has received so far, by the event each answers
 * (a reply or a relation): when it arrived (the homeserver's clock) and its text.
 * @param {string} hsUrl @param {string} tenantId
 */
export async function answersOf(hsUrl, tenantId) {
  const requests = /** @type {{ method: string, path: string, body: any, ts: number }[]} */ (
    await (await refetch(`${hsUrl}/_fake/t/${tenantId}/requests`)).json()
  );
  /** @type {Map<string, { ts: number, body: string }>} */
  const answers = new Map();
  for (const req of requests) {
    if (req.method !== "PUT" || !req.path.includes("/send/")) continue;
    const rel = req.body?.["m.relates_to"] ?? {};
    const id = rel.event_id ?? rel["m.in_reply_to"]?.event_id;
    if (typeof id === "string" && !answers.has(id))
      answers.set(id, { ts: req.ts, body: String(req.body?.body ?? "") });
  }
  return answers;
}

/**
 * Pushes `count` single-command transactions and measures, from the homeserver's own records,
 * the time from each push to the arrival of its answer; also the target's CPU per command and
 * the D1 round trips the Worker reports (`BENCH_COUNT_D1`).
 * @param {{ hsUrl: string, target: Target, c: number, count: number, next: () => BenchEvent, push: (url: string, events: unknown[]) => Promise<Response> }} o
 */
export async function commandRound({ hsUrl, target, c, count, next, push }) {
  /** @type {Map<string, number>} */
  const started = new Map();
  const cpu0 = target.cpu();
  const run = await load(count, c, () => {
    const e = next();
    started.set(e.event_id, Date.now());
    return push(target.url, [e]);
  });
  const cpu = (target.cpu() - cpu0) / count;
  /** @type {number[]} */
  let latencies = [];
  for (let attempt = 0; attempt < 50 && latencies.length < count; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, 100));
    const answers = await answersOf(hsUrl, target.tenant.id);
    latencies = [];
    for (const [id, t0] of started) {
      const answer = answers.get(id);
      if (answer) latencies.push(answer.ts - t0);
    }
  }
  if (latencies.length < count)
    throw new Error(`${target.name}: only ${latencies.length} of ${count} answers arrived`);
  return { latencies, cpu, d1: meanD1(run.responses) };
}

/** @param {Response[]} responses */
export function meanD1(responses) {
  const counts = responses
    .map((r) => r.headers.get("x-d1-round-trips"))
    .filter((v) => v !== null)
    .map(Number)
    .filter(Number.isFinite);
  return counts.length ? round(counts.reduce((a, b) => a + b, 0) / counts.length, 2) : Number.NaN;
}
