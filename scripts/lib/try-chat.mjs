// `npm run try`: the chat's side of the Matrix protocol. Typed lines become m.room.message events:
// seeded into the fake homeserver's room timeline (so the bot can look them up, and in sync mode
// read them), and in appservice mode pushed to the Worker as a transaction. The bot's answers are
// read back from the fake homeserver's list of sent events.
import { randomBytes } from "node:crypto";
import { sleep } from "./try-stack.mjs";

export const SERVER_NAME = "try.local";
export const OWNER = `@you:${SERVER_NAME}`;
export const DEFAULT_ROOM = `!try:${SERVER_NAME}`;

/**
 * @typedef {import("./try-render.mjs").SentEvent} SentEvent
 * @typedef {{ hsUrl: string, tenantId: string, workerUrl: string, sync: boolean,
 *   hsToken?: string }} Endpoints
 */

/** "me" → the owner, "friend" → @friend:try.local, "@a:b" as is; null when it is none of these. */
export function senderOf(/** @type {string} */ arg) {
  if (arg === "me" || arg === "owner") return OWNER;
  if (/^@[^:\s]+:\S+$/.test(arg)) return arg;
  if (/^[a-z0-9._=/+-]+$/i.test(arg)) return `@${arg.toLowerCase()}:${SERVER_NAME}`;
  return null;
}

/** "!id:server" as is, "!id" and "name" → !id:try.local / !name:try.local; null otherwise. */
export function roomOf(/** @type {string} */ arg) {
  if (/^![^:\s]+:\S+$/.test(arg)) return arg;
  const name = arg.startsWith("!") ? arg.slice(1) : arg;
  if (/^[a-z0-9._=-]+$/i.test(name)) return `!${name}:${SERVER_NAME}`;
  return null;
}

export class ChatProtocol {
  /** @param {Endpoints} endpoints */
  constructor(endpoints) {
    this.endpoints = endpoints;
    this.run = randomBytes(4).toString("hex");
    this.count = 0;
    /** Events of /sent already shown. */
    this.seen = 0;
    /** Members per room, as the chat has used them. @type {Map<string, Set<string>>} */
    this.members = new Map();
    /** A cron request in flight, in sync mode. @type {Promise<unknown> | null} */
    this.cron = null;
    this.wantSync = false;
  }

  get control() {
    return `${this.endpoints.hsUrl}/_fake/t/${this.endpoints.tenantId}`;
  }

  /**
   * Sends `body` as `sender` into `room`; resolves with the event once the Worker has it (in sync
   * mode: once it is in the timeline; the cron reads it).
   * @param {{ room: string, sender: string, body: string }} message
   */
  async send({ room, sender, body }) {
    this.count += 1;
    const event = {
      event_id: `$try-${this.run}-${this.count}:${SERVER_NAME}`,
      room_id: room,
      sender,
      type: "m.room.message",
      origin_server_ts: Date.now(),
      content: { msgtype: "m.text", body },
    };
    await this.join(room, sender);
    const { room_id: _room, ...seed } = event;
    await this.json(`${this.control}/events`, "POST", { roomId: room, events: [seed] });
    if (!this.endpoints.sync) await this.pushTransaction(`${this.run}-${this.count}`, [event]);
    return event;
  }

  /** Makes `sender` a joined member of `room` on the fake homeserver. */
  async join(/** @type {string} */ room, /** @type {string} */ sender) {
    const members = this.members.get(room) ?? new Set([OWNER]);
    if (this.members.has(room) && members.has(sender)) return;
    members.add(sender);
    this.members.set(room, members);
    const body = Object.fromEntries([...members].map((m) => [m, { display_name: null }]));
    await this.json(`${this.control}/members`, "POST", { roomId: room, members: body });
  }

  /**
   * PUT /_matrix/app/v1/transactions/{txnId}, as a homeserver pushes events to an appservice.
   * Retried for a while on a network error or a 5xx: wrangler dev may be restarting the Worker.
   * @param {string} txnId @param {unknown[]} events
   */
  async pushTransaction(txnId, events) {
    const url = `${this.endpoints.workerUrl}/_matrix/app/v1/transactions/${encodeURIComponent(txnId)}`;
    const until = Date.now() + 15_000;
    for (;;) {
      /** @type {Response | null} */
      let response = null;
      let problem = "";
      try {
        response = await fetch(url, {
          method: "PUT",
          headers: {
            authorization: `Bearer ${this.endpoints.hsToken}`,
            "content-type": "application/json",
          },
          body: JSON.stringify({ events }),
        });
        if (response.ok) return;
        problem = `${response.status} ${(await response.text()).slice(0, 300)}`;
      } catch (error) {
        problem = String(/** @type {Error} */ (error).cause ?? error);
      }
      if ((response && response.status < 500) || Date.now() > until) {
        throw new Error(`the Worker did not take the transaction: ${problem}`);
      }
      await sleep(300);
    }
  }

  /** GET /__scheduled on wrangler dev: runs the Worker's Cron Trigger once. */
  async fireCron() {
    const response = await fetch(`${this.endpoints.workerUrl}/__scheduled?cron=*+*+*+*+*`);
    await response.text();
    if (!response.ok) throw new Error(`the cron run answered ${response.status}`);
  }

  /**
   * Sync mode: keeps a cron run going while `wantSync` is set, so that a run is always reading
   * /sync when a line is typed. Each run long-polls for SYNC_BUDGET_SECONDS and then returns.
   */
  keepSyncing() {
    this.wantSync = true;
    if (this.cron) return;
    const loop = async () => {
      while (this.wantSync) await this.fireCron().catch(() => sleep(500));
    };
    this.cron = loop().finally(() => {
      this.cron = null;
    });
  }

  /**
   * Sync mode: fires the first cron run, which starts reading from the current position (earlier
   * messages are not replayed), and resolves once it long-polls from there.
   */
  async startSyncing() {
    this.keepSyncing();
    const until = Date.now() + 30_000;
    while (Date.now() < until) {
      /** @type {{ path: string, query: Record<string, string> }[]} */
      const requests = await this.json(`${this.control}/requests`, "GET");
      if (requests.some((r) => r.path.endsWith("/sync") && r.query.since !== undefined)) break;
      await sleep(100);
    }
    this.wantSync = false;
  }

  /** Events the bot sent since the last call. @returns {Promise<SentEvent[]>} */
  async newlySent() {
    /** @type {SentEvent[]} */
    const sent = await this.json(`${this.control}/sent`, "GET");
    const fresh = sent.slice(this.seen);
    this.seen = sent.length;
    return fresh;
  }

  /** @param {string} url @param {string} method @param {unknown} [body] */
  async json(url, method, body) {
    const response = await fetch(url, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok)
      throw new Error(`fake homeserver: ${method} ${url} → ${response.status} ${text}`);
    return JSON.parse(text);
  }
}
