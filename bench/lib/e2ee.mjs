import { uid } from "./appservice.mjs";
import { cpuMsOfGroupExact } from "./cpu.mjs";
import { e2eeClient } from "./e2ee-client.mjs";
import { refetch } from "./http.mjs";
import { startWorker } from "./processes.mjs";
import { median, round } from "./stats.mjs";
import { summary, syncDriver } from "./sync-latency.mjs";

const BOT_DEVICE = "BENCHBOT";
const PHONE = "BENCHPHONE";
const E2EE_ROOM = "!e2ee:bench.local";
const CLEAR_ROOM = "!clear:bench.local";
const BUDGET_MS = 8_000;
/** If the Worker as deployed (no compatibility flags) cannot start the device, the rows are
 * measured again with this flag, named with the suffix, and the failure is a problem. */
const FALLBACK = { args: ["--compatibility-flags", "nodejs_compat"], suffix: " [nodejs_compat]" };

/**
 * @typedef {{
 *   hsUrl: string,
 *   port: number,
 *   owner: string,
 *   vars: Record<string, string>,
 *   plan: { e2eeSamples: number, e2eeWarmup: number, e2eeStarts: number },
 *   track: (worker: { stop(): void }) => void,
 *   put: (name: string, value: number) => void,
 * }} Options
 * @typedef {Awaited<ReturnType<typeof startWorker>>} Worker
 * @typedef {{ ms: number, cpu: number }} Sample
 */

/**
 * What encrypted rooms cost, in sync mode with CRYPTO_STORE_KEY set (the bot's device in the
 * CryptoDevice Durable Object). Each start: a fresh homeserver tenant (the owner in an encrypted
 * and a clear room) and fresh Worker state; the first sync batch starts the device (keys made
 * and uploaded); warm batches with one chatter event; a client device of the owner (the Rust
 * crypto in Node) shares a Megolm key and sends an encrypted `.ping`; on the last start, `.ping`
 * rounds alternating between the encrypted and the clear room; then `wrangler dev` restarts on
 * the same state and one encrypted `.ping` makes the device come back from its sealed store.
 * Latency is from the message entering the timeline to the answer reaching the homeserver;
 * CPU is workerd's (the Durable Object runs in it) until it is idle in its long-poll again.
 * @param {Options} o
 * @returns {Promise<string[]>} what failed, for the report
 */
export async function measureE2ee(o) {
  /** @type {string[]} */
  const problems = [];
  for (const variant of [{ args: [], suffix: "" }, FALLBACK]) {
    const outcome = await measureWith(o, variant.args);
    const at = variant.suffix ? ` (with ${variant.args.join(" ")})` : "";
    problems.push(...outcome.problems.map((p) => `E2EE${at}: ${p}`));
    for (const [name, value] of outcome.rows) o.put(`${name}${variant.suffix}`, value);
    if (outcome.deviceStarted) break;
    if (!variant.suffix)
      problems.push(
        `E2EE: so the E2EE rows (marked${FALLBACK.suffix}) come from wrangler dev ${FALLBACK.args.join(" ")}, a flag the deployed Worker does not have`,
      );
  }
  return problems;
}

/**
 * @param {Options} o @param {string[]} args more `wrangler dev` flags
 * @returns {Promise<{ rows: [string, number][], problems: string[], deviceStarted: boolean }>}
 */
async function measureWith(o, args) {
  /** @type {{ start: Sample[], newDevice: Sample[], restored: Sample[] }} */
  const cold = { start: [], newDevice: [], restored: [] };
  /** @type {Sample[]} */
  const batches = [];
  /** @type {{ encrypted: Sample[], clear: Sample[] }} */
  const warm = { encrypted: [], clear: [] };
  /** @type {string[]} */
  const problems = [];
  let deviceStarted = false;

  for (let s = 0; s < o.plan.e2eeStarts; s++) {
    const token = `bench-e2ee-${uid()}`;
    const tenant = await control(o.hsUrl, "tenants", {
      token,
      userId: o.owner,
      appservice: false,
      deviceId: BOT_DEVICE,
    });
    const admin = (/** @type {string} */ path, /** @type {unknown} */ body = undefined) =>
      control(o.hsUrl, `t/${tenant.id}/${path}`, body);
    const join = { type: "m.room.member", sender: o.owner, state_key: o.owner };
    for (const roomId of [E2EE_ROOM, CLEAR_ROOM])
      await admin("events", { roomId, events: [{ ...join, content: { membership: "join" } }] });
    await admin("events", {
      roomId: E2EE_ROOM,
      events: [
        {
          type: "m.room.encryption",
          sender: o.owner,
          state_key: "",
          content: { algorithm: "m.megolm.v1.aes-sha2" },
        },
      ],
    });
    const vars = {
      ...o.vars,
      HOMESERVER_URL: tenant.baseUrl,
      MATRIX_USER_ID: o.owner,
      MATRIX_ACCESS_TOKEN: token,
      CRYPTO_STORE_KEY: "the bench's store key",
      SYNC_BUDGET_SECONDS: String(BUDGET_MS / 1000),
    };
    const url = `http://127.0.0.1:${o.port}`;
    const drive = (/** @type {Worker} */ worker) =>
      syncDriver({
        hsUrl: o.hsUrl,
        tenant,
        workerUrl: url,
        budgetMs: BUDGET_MS,
        device: BOT_DEVICE,
        cpu: () => cpuMsOfGroupExact(worker.pgid, "workerd"),
      });

    // A fresh Worker: the first batch starts the device.
    let worker = await startWorker({ port: o.port, vars, args });
    o.track(worker);
    /** @type {Awaited<ReturnType<typeof e2eeClient>> | undefined} */
    let phone;
    /** @type {Record<string, unknown> | undefined} */
    let afterRestart;
    try {
      const driver = drive(worker);
      const chatter = (timeoutMs = 30_000) =>
        driver.measure(async () => firstId(await admin("events", chatterIn(o.owner))), {
          answer: false,
          timeoutMs,
        });
      const start = await chatter(10_000).catch(() => null);
      const bot = /** @type {{ deviceId: string, deviceKeys: unknown }[]} */ (
        await admin("devices")
      ).find((d) => d.deviceId === BOT_DEVICE);
      if (!start || !bot?.deviceKeys) {
        problems.push(`the device did not start (no keys uploaded): ${errorsOf(worker)}`);
        break;
      }
      deviceStarted = true;
      cold.start.push(start);
      for (let i = 0; i < 3; i++) batches.push(await chatter());

      phone = await e2eeClient(
        tenant.baseUrl,
        await admin("devices", { userId: o.owner, deviceId: PHONE }),
      );
      const device = phone;
      const encryptedPing = async () => {
        const content = await device.encrypt(E2EE_ROOM, [o.owner], pingContent);
        return driver.measure(() => device.send(E2EE_ROOM, content));
      };
      const clearPing = () =>
        driver.measure(async () =>
          firstId(
            await admin("events", {
              roomId: CLEAR_ROOM,
              events: [{ type: "m.room.message", sender: o.owner, content: pingContent }],
            }),
          ),
        );
      // The first message of a new device: the bot gets its room key, and shares its own.
      const first = await encryptedPing();
      cold.newDevice.push(first);
      await checkAnswer(device, admin, first.id, problems, "the first encrypted .ping");
      if (s === o.plan.e2eeStarts - 1) {
        for (let i = 0; i < o.plan.e2eeWarmup; i++) {
          await encryptedPing();
          await clearPing();
        }
        // Alternating, so drift on the machine hits both rooms alike.
        for (let i = 0; i < o.plan.e2eeSamples; i++) {
          warm.encrypted.push(await encryptedPing());
          warm.clear.push(await clearPing());
        }
      }
      afterRestart = await device.encrypt(E2EE_ROOM, [o.owner], pingContent);
      await driver.finish();
    } catch (error) {
      problems.push(`${describe(error)}; ${errorsOf(worker)}`);
    } finally {
      await worker.stopAndWait();
    }
    if (!phone || !afterRestart) continue;

    // The same state, a new runtime: the device comes back from its sealed snapshot.
    worker = await startWorker({ port: o.port, vars, args, state: worker.state });
    o.track(worker);
    try {
      const device = phone;
      const content = afterRestart;
      const restored = await drive(worker).measure(() => device.send(E2EE_ROOM, content));
      cold.restored.push(restored);
      await checkAnswer(device, admin, restored.id, problems, "the .ping after the restart");
    } catch (error) {
      problems.push(`after the restart: ${describe(error)}; ${errorsOf(worker)}`);
    } finally {
      await worker.stopAndWait();
    }
  }

  /** @type {[string, number][]} */
  const rows = [];
  const medianOf = (/** @type {Sample[]} */ xs, /** @type {"ms" | "cpu"} */ k) =>
    round(median(xs.map((x) => x[k])));
  for (const [key, label] of /** @type {const} */ ([
    ["start", "E2EE device start (first batch)"],
    ["newDevice", "E2EE first .ping of a new device"],
    ["restored", "E2EE first .ping after restart"],
  ])) {
    const xs = cold[key];
    if (xs.length === 0) continue;
    rows.push([`${label} ms`, medianOf(xs, "ms")], [`CPU ms of ${label}`, medianOf(xs, "cpu")]);
  }
  if (batches.length > 0) {
    rows.push(["sync batch ms (1 chatter event) E2EE on", medianOf(batches, "ms")]);
    rows.push(["CPU ms per sync batch E2EE on", round(median(batches.map((b) => b.cpu)), 2)]);
  }
  for (const [key, room] of /** @type {const} */ ([
    ["encrypted", "encrypted room"],
    ["clear", "clear room"],
  ])) {
    if (warm[key].length === 0) continue;
    const w = summary(warm[key]);
    rows.push(
      [`E2EE .ping p50 ms ${room}`, w.p50],
      [`E2EE .ping p95 ms ${room}`, w.p95],
      [`CPU ms per E2EE .ping ${room}`, w.cpu],
    );
  }
  return { rows, problems, deviceStarted };
}

const pingContent = { msgtype: "m.text", body: ".ping" };

/** @param {string} owner */
function chatterIn(owner) {
  return {
    roomId: CLEAR_ROOM,
    events: [
      {
        type: "m.room.message",
        sender: owner,
        content: { msgtype: "m.text", body: `just chatting ${uid()}` },
      },
    ],
  };
}

/**
 * The client decrypts the bot's answer to `eventId` and finds the pong in it.
 * @param {Awaited<ReturnType<typeof e2eeClient>>} client
 * @param {(path: string, body?: unknown) => Promise<any>} admin
 * @param {string} eventId @param {string[]} problems @param {string} what
 */
async function checkAnswer(client, admin, eventId, problems, what) {
  try {
    const sent = /** @type {{ event_id: string, type: string, content: any }[]} */ (
      await admin("sent")
    );
    const answer = sent.find((e) => e.content?.["m.relates_to"]?.event_id === eventId);
    if (!answer) throw new Error("no answer");
    if (answer.type !== "m.room.encrypted")
      throw new Error(`answered in the clear (${answer.type})`);
    const timeline = await client.sync();
    const event = timeline.find((e) => e.event_id === answer.event_id);
    if (!event) throw new Error("the answer is not in the client's timeline");
    const plain = await client.decrypt(event);
    if (!JSON.stringify(plain.content).includes("Pong"))
      throw new Error(`decrypted, but it is not a pong: ${JSON.stringify(plain.content)}`);
  } catch (error) {
    problems.push(`${what}: the client could not read the answer: ${describe(error)}`);
  }
}

/**
 * @param {string} hsUrl @param {string} path @param {unknown} [body]
 * @returns {Promise<any>}
 */
async function control(hsUrl, path, body) {
  const res = await refetch(
    `${hsUrl}/_fake/${path}`,
    body === undefined ? {} : { method: "POST", body: JSON.stringify(body) },
  );
  const json = await res.json();
  if (!res.ok) throw new Error(`fake homeserver ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** @param {{ event_ids: string[] }} answer */
const firstId = (answer) => /** @type {string} */ (answer.event_ids[0]);

/** @param {unknown} error */
const describe = (error) => (error instanceof Error ? error.message : String(error));

/**
 * The Worker's own words for what went wrong: its uncaught errors and warnings, deduplicated.
 * @param {Worker} worker
 */
function errorsOf(worker) {
  const lines = worker
    .stderr()
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => /^(✘ \[ERROR\]|▲ \[WARNING\]) /.test(l))
    .map((l) => l.replace(/^\S+ \[\w+\] /, ""));
  const unique = [...new Set(lines)];
  return unique.length > 0
    ? `the Worker logged: ${unique.join(" | ")}`
    : "the Worker logged nothing";
}
