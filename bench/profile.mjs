// `npm run bench:profile`: where the Worker's own CPU goes, per request, with D1 left out (the
// simulated D1 runs in another isolate). V8 sampling profile through `wrangler dev`'s inspector;
// the profiler's overhead inflates absolute figures, so compare the functions, not the totals.
import { connectInspector, summarize } from "./lib/devtools.mjs";
import { startHomeserver, startWorker } from "./lib/processes.mjs";

const REQUESTS = 200;
const hs = await startHomeserver();
const tenant = /** @type {{ baseUrl: string }} */ (
  await (
    await fetch(`${hs.url}/_fake/tenants`, {
      method: "POST",
      body: JSON.stringify({ token: "as", userId: "@o:p" }),
    })
  ).json()
);
const worker = await startWorker({
  port: 8794,
  inspectorPort: 9232,
  vars: {
    HOMESERVER_URL: tenant.baseUrl,
    MATRIX_USER_ID: "@o:p",
    AS_TOKEN: "as",
    HS_TOKEN: "hs",
    RATE_LIMIT_BURST: "1000000000",
  },
});
process.on("exit", () => worker.stop());
const inspector = await connectInspector(9232);

let seq = 0;
/** @param {string} body @param {string} sender */
const event = (body, sender) => ({
  type: "m.room.message",
  event_id: `$p${Date.now()}${seq++}:p`,
  room_id: "!r:p",
  sender,
  origin_server_ts: Date.now(),
  content: { msgtype: "m.text", body },
});
const headers = { authorization: "Bearer hs" };
/** @param {unknown[]} events */
const push = (events) =>
  fetch(`http://127.0.0.1:8794/_matrix/app/v1/transactions/p${Date.now()}${seq++}`, {
    method: "PUT",
    headers,
    body: JSON.stringify({ events }),
  }).then((r) => r.text());

/** @type {[string, () => Promise<unknown>][]} */
const scenarios = [
  [
    "appservice ping route",
    () =>
      fetch("http://127.0.0.1:8794/_matrix/app/v1/ping", {
        method: "POST",
        headers,
        body: "{}",
      }).then((r) => r.text()),
  ],
  [
    "chatter transaction (50 events)",
    () => push(Array.from({ length: 50 }, (_, i) => event(`hello ${i}`, "@x:p"))),
  ],
  [".ping from the owner", () => push([event(".ping", "@o:p")])],
];
for (const [label, run] of scenarios) {
  for (let i = 0; i < 20; i++) await run();
  await inspector.send("Profiler.enable");
  await inspector.send("Profiler.setSamplingInterval", { interval: 100 });
  await inspector.send("Profiler.start");
  for (let i = 0; i < REQUESTS; i++) await run();
  const { result } = await inspector.send("Profiler.stop");
  const summary = summarize(result.profile, REQUESTS);
  console.log(
    `\n${label}: ${summary.msPerRequest.toFixed(2)} ms busy per request (sampled, profiler attached)`,
  );
  for (const row of summary.top) console.log(`  ${row.msPerRequest.toFixed(3)} ms  ${row.fn}`);
}
inspector.close();
await hs.close();
process.exit(0);
