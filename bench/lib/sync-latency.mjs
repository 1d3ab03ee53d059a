import { percentile } from "./stats.mjs";

/**
 * Sync mode: the Worker long-polls the fake homeserver from its Cron Trigger; each sample is the
 * time from a `.ping` entering the room's timeline to its answer reaching the homeserver.
 * @param {{ hsUrl: string, tenant: { id: string }, workerUrl: string, samples: number, owner: string, room: string }} o
 */
export async function syncLatency(o) {
  /** @param {string} path @param {unknown} [body] @returns {Promise<any>} */
  const control = (path, body) =>
    fetch(
      `${o.hsUrl}/_fake/t/${o.tenant.id}/${path}`,
      body === undefined ? {} : { method: "POST", body: JSON.stringify(body) },
    ).then((r) => r.json());
  // The cron run holds the long-poll open for SYNC_BUDGET_SECONDS; it is not awaited here.
  const cron = fetch(`${o.workerUrl}/__scheduled?cron=*+*+*+*+*`);
  await waitFor(async () =>
    ((await control("requests")) ?? []).some((/** @type {{ path: string }} */ r) =>
      r.path.includes("/sync"),
    ),
  );
  await new Promise((r) => setTimeout(r, 500));
  /** @type {number[]} */
  const latencies = [];
  for (let i = 0; i < o.samples; i++) {
    const t0 = Date.now();
    const {
      event_ids: [id],
    } = await control("events", {
      roomId: o.room,
      events: [
        { type: "m.room.message", sender: o.owner, content: { msgtype: "m.text", body: ".ping" } },
      ],
    });
    const answered = await waitFor(async () => {
      const sent = /** @type {{ content: any, ts?: number }[]} */ (await control("sent"));
      return sent.some((e) => e.content?.["m.relates_to"]?.event_id === id);
    });
    if (!answered) throw new Error("a sync-mode .ping got no answer");
    latencies.push(Date.now() - t0);
  }
  await cron.catch(() => undefined);
  return { p50: percentile(latencies, 50), p95: percentile(latencies, 95) };
}

/** @param {() => Promise<boolean>} check */
async function waitFor(check, ms = 30_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 5));
  }
  return false;
}
