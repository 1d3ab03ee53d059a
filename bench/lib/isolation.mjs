import { answersOf, commandRound } from "./commands.mjs";
import { cpuMsOfGroup } from "./cpu.mjs";
import { startWorker } from "./processes.mjs";
import { median, percentile, round } from "./stats.mjs";

/** @typedef {"shared" | "sandbox"} Mode */
/** @type {Mode[]} */
const MODES = ["shared", "sandbox"];
/** A module command whose cost does not grow with the data: one key read, one answer. */
const COMMAND = ".gn bench";
/** What each mode's `.info` says about where the modules run. */
const RUNS = { shared: "shared with the core", sandbox: "each in its own sandbox" };

/**
 * What module isolation costs. The same module command (notes' `.gn`) against a Worker started
 * with MODULE_ISOLATION=shared and one with =sandbox, one after the other on the same port so
 * they never share the cores: the first command after a fresh start (it pays building the
 * module registry, which in sandbox mode loads every module into its own isolate), then warm
 * latency, CPU and D1 round trips per command as the `.ping` rows measure them.
 *
 * @param {{
 *   hsUrl: string,
 *   tenant: () => Promise<{ id: string, baseUrl: string }>,
 *   vars: Record<string, string>,
 *   port: number,
 *   owner: string,
 *   as: { event: (body: string, sender: string) => { type: string, event_id: string }, push: (url: string, events: unknown[]) => Promise<Response> },
 *   plan: { rounds: number, warmup: number, commands: number },
 *   starts: number,
 *   track: (worker: { stop(): void }) => void,
 *   put: (name: string, value: number) => void,
 * }} o
 * @returns {Promise<string[]>} what failed (its rows are left out), for the report
 */
export async function measureIsolation(o) {
  /** @type {Record<Mode, { ms: number, cpu: number }[]>} */
  const first = { shared: [], sandbox: [] };
  /** @type {Partial<Record<Mode, Awaited<ReturnType<typeof warmCommands>>>>} */
  const warm = {};
  /** @type {string[]} */
  const problems = [];
  // Fresh starts alternate between the modes, so drift on the machine hits both alike.
  for (let s = 0; s < o.starts; s++) {
    for (const mode of MODES) {
      const tenant = await o.tenant();
      const worker = await startWorker({
        port: o.port,
        vars: {
          ...o.vars,
          HOMESERVER_URL: tenant.baseUrl,
          BENCH_COUNT_D1: "1",
          MODULE_ISOLATION: mode,
        },
      });
      o.track(worker);
      const target = {
        name: `mxuserbot (${mode})`,
        url: `http://127.0.0.1:${o.port}`,
        tenant,
        cpu: () => cpuMsOfGroup(worker.pgid, "workerd"),
      };
      // A failure is reported with the figures, not thrown: the other rows still count.
      const attempt = async (/** @type {string} */ what, /** @type {() => Promise<void>} */ f) => {
        try {
          await f();
        } catch (error) {
          problems.push(`${mode}: ${what}: ${error instanceof Error ? error.message : error}`);
        }
      };
      try {
        await attempt("first command after start", async () => {
          first[mode].push(await firstCommand(o, target));
        });
        if (s === o.starts - 1) {
          await attempt("warm module commands", async () => {
            warm[mode] = await warmCommands(o, target);
          });
          await attempt("runner check", async () => {
            const info = await ask(o, target, ".info");
            if (!info.includes(`Modules run: ${RUNS[mode]}`))
              throw new Error(`.info does not say "${RUNS[mode]}": ${info}`);
            const refused = /Modules refused: (.*)/.exec(info)?.[1] ?? "?";
            if (refused !== "none") throw new Error(`modules refused: ${refused}`);
          });
        }
      } finally {
        await worker.stopAndWait();
      }
    }
  }

  for (const c of [1, 8]) {
    for (const mode of MODES) {
      const w = warm[mode]?.get(c);
      if (!w) continue;
      o.put(`module .gn ${mode} p50 ms c=${c}`, w.p50);
      o.put(`module .gn ${mode} p95 ms c=${c}`, w.p95);
      o.put(`CPU ms per module .gn ${mode} c=${c}`, w.cpu);
      if (c === 1) o.put(`D1 round trips per module .gn ${mode}`, w.d1);
    }
  }
  for (const mode of MODES) {
    if (first[mode].length === 0) continue;
    o.put(`first module .gn after start ms ${mode}`, round(median(first[mode].map((x) => x.ms))));
    o.put(`CPU ms of first module .gn ${mode}`, round(median(first[mode].map((x) => x.cpu))));
  }
  // What loading every module into its own isolate adds to the first request: the registry
  // build both modes pay cancels out (the warm command differs by a few ms at most).
  if (first.sandbox.length > 0 && first.shared.length > 0) {
    const firstMs = (/** @type {Mode} */ mode) => median(first[mode].map((x) => x.ms));
    o.put("sandbox cold load ms (est.)", round(firstMs("sandbox") - firstMs("shared")));
  }
  return problems;
}

/**
 * The module command as the first event this Worker sees: time to its answer at the homeserver,
 * and the Worker's CPU for it.
 * @param {Parameters<typeof measureIsolation>[0]} o @param {import("./commands.mjs").Target} target
 */
async function firstCommand(o, target) {
  const e = o.as.event(COMMAND, o.owner);
  const cpu0 = target.cpu();
  const t0 = Date.now();
  const res = await o.as.push(target.url, [e]);
  await res.arrayBuffer();
  const cpu = target.cpu() - cpu0;
  if (res.status !== 200) throw new Error(`the first command got ${res.status}`);
  const answer = await answerTo(o, target, e.event_id);
  if (!answer.body.includes("📝"))
    throw new Error(`${COMMAND} was not answered by the notes module: ${answer.body}`);
  return { ms: answer.ts - t0, cpu };
}

/**
 * Warm: one note saved (so `.gn` reads a row), then rounds of `.gn` at 1 and 8 in flight.
 * @param {Parameters<typeof measureIsolation>[0]} o @param {import("./commands.mjs").Target} target
 */
async function warmCommands(o, target) {
  const saved = await ask(o, target, ".note bench what isolation costs");
  if (!saved.includes("📝")) throw new Error(`.note answered: ${saved}`);
  /** @type {Map<number, { p50: number, p95: number, cpu: number, d1: number }>} */
  const byConcurrency = new Map();
  for (const c of [1, 8]) {
    const round1 = (/** @type {number} */ count) =>
      commandRound({
        hsUrl: o.hsUrl,
        target,
        c,
        count,
        next: () => o.as.event(COMMAND, o.owner),
        push: o.as.push,
      });
    await round1(o.plan.warmup);
    const rounds = [];
    for (let r = 0; r < o.plan.rounds; r++) rounds.push(await round1(o.plan.commands));
    byConcurrency.set(c, {
      p50: round(median(rounds.map((x) => percentile(x.latencies, 50)))),
      p95: round(median(rounds.map((x) => percentile(x.latencies, 95)))),
      cpu: round(median(rounds.map((x) => x.cpu)), 2),
      d1: median(rounds.map((x) => x.d1)),
    });
  }
  return byConcurrency;
}

/**
 * One command; its answer's text.
 * @param {Parameters<typeof measureIsolation>[0]} o @param {import("./commands.mjs").Target} target @param {string} body
 */
async function ask(o, target, body) {
  const e = o.as.event(body, o.owner);
  const res = await o.as.push(target.url, [e]);
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${target.name}: ${body} got ${res.status}`);
  return (await answerTo(o, target, e.event_id)).body;
}

/**
 * @param {Parameters<typeof measureIsolation>[0]} o @param {import("./commands.mjs").Target} target @param {string} eventId
 */
async function answerTo(o, target, eventId) {
  for (let attempt = 0; attempt < 50; attempt++) {
    const answer = (await answersOf(o.hsUrl, target.tenant.id)).get(eventId);
    if (answer) return answer;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${target.name}: no answer to ${eventId}`);
}
