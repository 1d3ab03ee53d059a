import { answersOf } from "./commands.mjs";
import { cpuMsOfGroupExact } from "./cpu.mjs";
import { configWith, startWorker } from "./processes.mjs";
import { median, round } from "./stats.mjs";

const CRYPTO_PKG =
  "../../node_modules/@matrix-org/matrix-sdk-crypto-wasm/pkg/matrix_sdk_crypto_wasm_bg";
const STUB = "bench/lib/no-crypto.mjs";

/**
 * A wrangler config for the same Worker without the E2EE libraries: the crypto wasm (7.8 MB),
 * its JavaScript bindings and fake-indexeddb replaced by an empty module (as src/crypto imports
 * them). What the Worker was before encrypted rooms, as far as the start of an isolate goes.
 */
export const configWithoutCrypto = () =>
  configWith({
    [`${CRYPTO_PKG}.wasm`]: STUB,
    [`${CRYPTO_PKG}.js`]: STUB,
    "fake-indexeddb": STUB,
  });

/**
 * What the crypto in the bundle costs every isolate, encrypted rooms on or off: `wrangler dev`
 * (appservice mode, as the main rows) started with the real bundle and with the crypto-less
 * one, alternating. Per start: workerd's CPU once `wrangler dev` answers (its startup, the
 * runtime's own workers, the Worker's isolate, two `GET /`), and a plain `.ping` pushed as the
 * first command: time to its answer at the homeserver and workerd's CPU for it. (Not the time
 * until `wrangler dev` is ready: that is wrangler's own build, and the crypto-less variant runs
 * from another config folder, which changes what wrangler does before workerd starts.)
 * @param {{
 *   hsUrl: string,
 *   tenant: () => Promise<{ id: string, baseUrl: string }>,
 *   vars: Record<string, string>,
 *   port: number,
 *   owner: string,
 *   as: { event: (body: string, sender: string) => { type: string, event_id: string }, push: (url: string, events: unknown[]) => Promise<Response> },
 *   starts: number,
 *   config: string,
 *   track: (worker: { stop(): void }) => void,
 *   put: (name: string, value: number) => void,
 * }} o `config`: from `configWithoutCrypto`
 * @returns {Promise<string[]>} what failed, for the report
 */
export async function measureStartup(o) {
  const variants = [
    { name: "with crypto", args: /** @type {string[]} */ ([]) },
    { name: "without crypto", args: ["--config", o.config] },
  ];
  /** @typedef {{ cpuAtReady: number, ms: number, cpu: number }} Start */
  /** @type {Map<string, Start[]>} */
  const starts = new Map(variants.map((v) => [v.name, []]));
  /** @type {string[]} */
  const problems = [];
  for (let s = 0; s < o.starts; s++) {
    for (const v of variants) {
      const tenant = await o.tenant();
      const worker = await startWorker({
        port: o.port,
        vars: { ...o.vars, HOMESERVER_URL: tenant.baseUrl },
        args: v.args,
      });
      o.track(worker);
      try {
        const cpu = () => cpuMsOfGroupExact(worker.pgid, "workerd");
        const cpuAtReady = cpu();
        const e = o.as.event(".ping", o.owner);
        const t0 = Date.now();
        const res = await o.as.push(`http://127.0.0.1:${o.port}`, [e]);
        await res.arrayBuffer();
        const cpuOfPing = cpu() - cpuAtReady;
        if (res.status !== 200) throw new Error(`the first .ping got ${res.status}`);
        const answer = await answerTo(o.hsUrl, tenant.id, e.event_id);
        if (!answer.body.includes("Pong")) throw new Error(`.ping answered: ${answer.body}`);
        starts.get(v.name)?.push({
          cpuAtReady,
          ms: answer.ts - t0,
          cpu: cpuOfPing,
        });
      } catch (error) {
        problems.push(`start ${v.name}: ${error instanceof Error ? error.message : error}`);
      } finally {
        await worker.stopAndWait();
      }
    }
  }
  for (const v of variants) {
    const xs = starts.get(v.name) ?? [];
    if (xs.length === 0) continue;
    const m = (/** @type {(x: Start) => number} */ f) => median(xs.map(f));
    o.put(`workerd CPU ms at ready ${v.name}`, round(m((x) => x.cpuAtReady)));
    o.put(`first .ping after start ms ${v.name}`, round(m((x) => x.ms)));
    o.put(`CPU ms of first .ping after start ${v.name}`, round(m((x) => x.cpu)));
  }
  const [full, bare] = variants.map((v) => starts.get(v.name) ?? []);
  if (full?.length && bare?.length) {
    const total = (/** @type {Start[]} */ xs) => median(xs.map((x) => x.cpuAtReady + x.cpu));
    o.put("start CPU ms added by crypto (est.)", round(total(full) - total(bare)));
  }
  return problems;
}

/** @param {string} hsUrl @param {string} tenantId @param {string} eventId */
async function answerTo(hsUrl, tenantId, eventId) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const answer = (await answersOf(hsUrl, tenantId)).get(eventId);
    if (answer) return answer;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no answer to ${eventId}`);
}
