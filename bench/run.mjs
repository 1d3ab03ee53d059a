// `npm run bench [-- --quick]`: our Worker (wrangler dev, local D1) and a matrix-appservice peer,
// side by side under the same load from a fake homeserver on 127.0.0.1. Prints a table and
// writes the same figures to bench/results/latest.json. Not part of CI. Then what module isolation
// costs: our Worker alone, restarted with MODULE_ISOLATION=shared and =sandbox (bench/lib/isolation.mjs);
// sync mode; what encrypted rooms cost (bench/lib/e2ee.mjs); and what the crypto in the bundle
// costs the start of every isolate (bench/lib/startup.mjs).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus } from "node:os";
import { loadScan } from "../scripts/lib/load-scan.mjs";
import { appservice } from "./lib/appservice.mjs";
import { commandRound, meanD1 } from "./lib/commands.mjs";
import { cpuMsOfGroup, cpuMsOfGroupExact, cpuMsOfPid } from "./lib/cpu.mjs";
import { measureE2ee } from "./lib/e2ee.mjs";
import { refetch } from "./lib/http.mjs";
import { measureIsolation } from "./lib/isolation.mjs";
import { load } from "./lib/load.mjs";
import { bundleSize, startHomeserver, startPeer, startWorker } from "./lib/processes.mjs";
import { configWithoutCrypto, measureStartup } from "./lib/startup.mjs";
import { median, percentile, round } from "./lib/stats.mjs";
import { syncLatency } from "./lib/sync-latency.mjs";

const quick = process.argv.includes("--quick");
const plan = quick
  ? {
      rounds: 1,
      warmup: 10,
      chatter: 40,
      commands: 40,
      scanRounds: 3,
      isolationStarts: 1,
      syncSamples: 10,
      e2eeSamples: 10,
      e2eeWarmup: 3,
      e2eeStarts: 1,
      startupStarts: 1,
    }
  : {
      rounds: 3,
      warmup: 40,
      chatter: 200,
      commands: 200,
      scanRounds: 10,
      isolationStarts: 5,
      syncSamples: 40,
      e2eeSamples: 40,
      e2eeWarmup: 5,
      e2eeStarts: 3,
      startupStarts: 5,
    };
const OWNER = "@owner:bench.local";
const SUDO = "@sudo:bench.local";
const ROOM = "!bench:bench.local";
const AS_TOKEN = "bench-as-token";
const HS_TOKEN = "bench-hs-token";
const EVENTS_PER_CHATTER_TXN = 50;

const hs = await startHomeserver();
const as = appservice({ hsToken: HS_TOKEN, room: ROOM });
const { event, push } = as;
/** @param {string} token */
const tenant = async (token) =>
  /** @type {Promise<{ id: string, baseUrl: string }>} */ (
    (
      await refetch(`${hs.url}/_fake/tenants`, {
        method: "POST",
        body: JSON.stringify({ token, userId: OWNER }),
      })
    ).json()
  );
const ours = await tenant(AS_TOKEN);
const theirs = await tenant(AS_TOKEN);
/** @type {{ stop(): void }[]} */
const running = [];
const stopAll = () => {
  for (const p of running) p.stop();
};
process.on("exit", stopAll);
process.on("SIGINT", () => process.exit(130));

console.log(`starting wrangler dev and the peer (${quick ? "quick" : "full"} run)…`);
/** The settings every appservice-mode Worker here gets (plus its own HOMESERVER_URL). */
const workerVars = {
  MATRIX_USER_ID: OWNER,
  AS_TOKEN,
  HS_TOKEN,
  RATE_LIMIT_BURST: "1000000000",
  RATE_LIMIT_PER_MINUTE: "1000000000",
};
const worker = await startWorker({
  port: 8799,
  vars: { ...workerVars, HOMESERVER_URL: ours.baseUrl, BENCH_COUNT_D1: "1" },
});
running.push(worker);
const peer = await startPeer({
  HS_URL: theirs.baseUrl,
  AS_TOKEN,
  HS_TOKEN,
  OWNER,
  SUDOS: SUDO,
  PORT: "8798",
});
running.push(peer);

const targets = [
  {
    name: "mxuserbot",
    url: "http://127.0.0.1:8799",
    tenant: ours,
    cpu: () => cpuMsOfGroup(worker.pgid, "workerd"),
    floor: () =>
      fetch("http://127.0.0.1:8799/_matrix/app/v1/ping", {
        method: "POST",
        headers: as.headers,
        body: "{}",
      }),
  },
  {
    name: "peer",
    url: "http://127.0.0.1:8798",
    tenant: theirs,
    cpu: () => cpuMsOfPid(peer.pid),
    floor: () => fetch("http://127.0.0.1:8798/health"),
  },
];

// The sudo exists for both bots: ours through the command, the peer from its settings.
await push(targets[0]?.url ?? "", [event(`.sudo add ${SUDO}`, OWNER)]);

/** @type {Record<string, Record<string, number>>} */
const figures = { mxuserbot: {}, peer: {} };
/** @param {string} target @param {string} name @param {number} value */
const put = (target, name, value) => {
  const row = figures[target];
  if (row) row[name] = value;
};

for (const target of targets) {
  console.log(`measuring ${target.name}…`);
  for (const c of [1, 8]) {
    await load(plan.warmup, c, () => push(target.url, chatterEvents()));
    const rounds = [];
    for (let r = 0; r < plan.rounds; r++) {
      const cpu0 = target.cpu();
      const run = await load(plan.chatter, c, () => push(target.url, chatterEvents()));
      rounds.push({
        tps: plan.chatter / run.seconds,
        cpu: (target.cpu() - cpu0) / plan.chatter,
        d1: meanD1(run.responses),
      });
    }
    put(target.name, `chatter txn/s c=${c}`, round(median(rounds.map((x) => x.tps))));
    put(
      target.name,
      `chatter events/s c=${c}`,
      round(median(rounds.map((x) => x.tps * EVENTS_PER_CHATTER_TXN))),
    );
    put(target.name, `CPU ms per chatter txn c=${c}`, round(median(rounds.map((x) => x.cpu)), 2));
    if (target.name === "mxuserbot")
      put(target.name, "D1 round trips per chatter txn", median(rounds.map((x) => x.d1)));

    // A transaction with no room events: the route, auth and JSON without any D1 work.
    const empties = [];
    for (let r = 0; r < plan.rounds; r++) {
      const cpu0 = target.cpu();
      const run = await load(plan.commands, c, () => push(target.url, []));
      empties.push({
        tps: plan.commands / run.seconds,
        cpu: (target.cpu() - cpu0) / plan.commands,
      });
    }
    put(target.name, `empty txn/s c=${c}`, round(median(empties.map((x) => x.tps))));
    put(target.name, `CPU ms per empty txn c=${c}`, round(median(empties.map((x) => x.cpu)), 2));

    const floors = [];
    for (let r = 0; r < plan.rounds; r++) {
      const cpu0 = target.cpu();
      const run = await load(plan.commands, c, target.floor);
      floors.push({ rps: plan.commands / run.seconds, cpu: (target.cpu() - cpu0) / plan.commands });
    }
    put(target.name, `floor req/s c=${c}`, round(median(floors.map((x) => x.rps))));
    put(target.name, `CPU ms per floor request c=${c}`, round(median(floors.map((x) => x.cpu)), 2));

    for (const [who, sender] of /** @type {const} */ ([
      ["owner", OWNER],
      ["sudo", SUDO],
    ])) {
      const ping = (/** @type {number} */ count) =>
        commandRound({ hsUrl: hs.url, target, c, count, next: () => event(".ping", sender), push });
      await ping(plan.warmup);
      const rounds = [];
      for (let r = 0; r < plan.rounds; r++) rounds.push(await ping(plan.commands));
      for (const p of [50, 95, 99]) {
        put(
          target.name,
          `.ping ${who} p${p} ms c=${c}`,
          round(median(rounds.map((x) => percentile(x.latencies, p)))),
        );
      }
      put(
        target.name,
        `CPU ms per .ping ${who} c=${c}`,
        round(median(rounds.map((x) => x.cpu)), 2),
      );
      if (target.name === "mxuserbot")
        put(target.name, `D1 round trips per .ping ${who}`, median(rounds.map((x) => x.d1)));
    }
  }
}

worker.stop();
console.log("measuring module isolation (shared, then sandbox; restarts wrangler dev)…");
const problems = await measureIsolation({
  hsUrl: hs.url,
  tenant: () => tenant(AS_TOKEN),
  vars: workerVars,
  port: 8796,
  owner: OWNER,
  as,
  plan,
  starts: plan.isolationStarts,
  track: (w) => running.push(w),
  put: (name, value) => put("mxuserbot", name, value),
});

console.log("measuring sync mode…");
const SYNC_BUDGET_SECONDS = 10;
/** The settings of a sync-mode Worker here, besides its homeserver and token. */
const syncVars = {
  MATRIX_USER_ID: OWNER,
  RATE_LIMIT_BURST: "1000000000",
  RATE_LIMIT_PER_MINUTE: "1000000000",
};
const syncTenant = /** @type {{ id: string, baseUrl: string }} */ (
  await (
    await refetch(`${hs.url}/_fake/tenants`, {
      method: "POST",
      body: JSON.stringify({
        token: "bench-sync-token",
        userId: OWNER,
        appservice: false,
        deviceId: "BENCHSYNC",
      }),
    })
  ).json()
);
const syncWorker = await startWorker({
  port: 8797,
  vars: {
    ...syncVars,
    HOMESERVER_URL: syncTenant.baseUrl,
    MATRIX_ACCESS_TOKEN: "bench-sync-token",
    SYNC_BUDGET_SECONDS: String(SYNC_BUDGET_SECONDS),
  },
});
running.push(syncWorker);
try {
  const syncFigures = await syncLatency({
    hsUrl: hs.url,
    tenant: syncTenant,
    workerUrl: "http://127.0.0.1:8797",
    budgetMs: SYNC_BUDGET_SECONDS * 1000,
    device: "BENCHSYNC",
    cpu: () => cpuMsOfGroupExact(syncWorker.pgid, "workerd"),
    samples: plan.syncSamples,
    batches: 3,
    owner: OWNER,
    room: ROOM,
  });
  put("mxuserbot", "sync mode .ping p50 ms (queued → answered)", syncFigures.p50);
  put("mxuserbot", "sync mode .ping p95 ms (queued → answered)", syncFigures.p95);
  put("mxuserbot", "CPU ms per sync mode .ping", syncFigures.cpu);
  put("mxuserbot", "sync batch ms (1 chatter event) E2EE off", syncFigures.batchMs);
  put("mxuserbot", "CPU ms per sync batch E2EE off", syncFigures.batchCpu);
} catch (error) {
  problems.push(`sync mode: ${error instanceof Error ? error.message : error}`);
} finally {
  await syncWorker.stopAndWait();
}

console.log("measuring encrypted rooms (sync mode with CRYPTO_STORE_KEY; restarts wrangler dev)…");
problems.push(
  ...(await measureE2ee({
    hsUrl: hs.url,
    port: 8795,
    owner: OWNER,
    vars: syncVars,
    plan,
    track: (w) => running.push(w),
    put: (name, value) => put("mxuserbot", name, value),
  })),
);

console.log("measuring what the crypto costs the start of an isolate (restarts wrangler dev)…");
const withoutCrypto = await configWithoutCrypto();
problems.push(
  ...(await measureStartup({
    hsUrl: hs.url,
    tenant: () => tenant(AS_TOKEN),
    vars: workerVars,
    port: 8793,
    owner: OWNER,
    as,
    starts: plan.startupStarts,
    config: withoutCrypto,
    track: (w) => running.push(w),
    put: (name, value) => put("mxuserbot", name, value),
  })),
);

const bundle = bundleSize();
put("mxuserbot", "bundle KiB (gzip)", bundle.gzipKib);
put("mxuserbot", "bundle KiB (raw)", bundle.kib);
put("mxuserbot", "bundle KiB (gzip) without crypto", bundleSize(withoutCrypto).gzipKib);
put("mxuserbot", "scan ms per 1,000 lines", await scanSpeed());
stopAll();
await hs.close();
report();

function chatterEvents() {
  return Array.from({ length: EVENTS_PER_CHATTER_TXN }, (_, i) =>
    event(`just chatting ${i}`, "@someone:bench.local"),
  );
}

/** The scan's own rules; the type check (one tsc run for all modules) is not part of the rate. */
async function scanSpeed() {
  const { scanPaths } = await loadScan();
  const paths = ["modules", "test/scan/corpus/ordinary"];
  const results = await scanPaths(paths, { typeCheck: false });
  const lines = results.reduce((n, r) => n + readFileSync(r.file, "utf8").split("\n").length, 0);
  const times = [];
  for (let i = 0; i < plan.scanRounds; i++) {
    const t0 = performance.now();
    await scanPaths(paths, { typeCheck: false });
    times.push(performance.now() - t0);
  }
  return round((median(times) / lines) * 1000, 1);
}

function report() {
  const names = [
    ...new Set([...Object.keys(figures.mxuserbot ?? {}), ...Object.keys(figures.peer ?? {})]),
  ];
  const rows = names.map((name) => {
    const a = figures.mxuserbot?.[name];
    const b = figures.peer?.[name];
    const ratio = a !== undefined && b !== undefined && b !== 0 ? round(a / b, 2) : "";
    return [name, a ?? "", b ?? "", ratio];
  });
  const width = [58, 12, 12, 10];
  const line = (/** @type {unknown[]} */ cells) =>
    cells.map((cell, i) => String(cell).padEnd(width[i] ?? 10)).join(" ");
  console.log(`\n${line(["figure", "mxuserbot", "peer", "ours/peer"])}`);
  for (const row of rows) console.log(line(row));
  const machine = {
    cores: availableParallelism(),
    cpu: cpus()[0]?.model ?? "?",
    node: process.version,
  };
  console.log(
    `\n${machine.cores} cores (${machine.cpu}), Node ${machine.node}, ${plan.rounds} round(s), medians.`,
  );
  for (const problem of problems) console.log(`PROBLEM: ${problem}`);
  mkdirSync(new URL("results/", import.meta.url), { recursive: true });
  writeFileSync(
    new URL("results/latest.json", import.meta.url),
    `${JSON.stringify({ date: new Date().toISOString(), quick, plan, machine, figures, problems }, null, 2)}\n`,
  );
}
