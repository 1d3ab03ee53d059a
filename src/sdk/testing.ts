import { checkAccess, passesGate } from "../access/check";
import { parseCommand, splitArgs } from "../commands/parse";
import type { RoomEvent } from "../matrix/events";
import { missingConfig } from "../modules/config";
import { buildRegistry } from "../modules/registry";
import type { BaseContext, EventContext, MessageInput, ModuleSpec, Profile } from "./types";
import { UsageError } from "./usage-error";

/** One thing the module did, as recorded by the harness. */
export interface Recorded {
  action: "respond" | "reply" | "send" | "react" | "redact";
  roomId: string;
  body?: string;
  html?: string;
  key?: string;
  eventId?: string;
}

export interface HarnessOptions {
  /** The bot account (an owner). Default `@owner:test`. */
  owner?: string;
  sudos?: string[];
  prefix?: string;
  roomId?: string;
  /** Config values, as if set with `.cfg`. */
  config?: Record<string, unknown>;
  profiles?: Record<string, Profile>;
  /** Answers `ctx.http.fetch` (after the harness checked https and `network`). */
  fetch?: (url: string, init?: RequestInit) => Promise<Response>;
}

/**
 * Runs a module without a homeserver or D1: commands, watchers, event handlers and cron jobs
 * get a ctx whose sends are recorded and whose `ctx.db` is an in-memory map. Access levels,
 * the gate and required config behave as in the bot.
 *
 * @example
 * const bot = createHarness(notes, { sudos: ["@friend:test"] });
 * await bot.command(".note shop milk", { sender: "@friend:test" });
 * expect(bot.sent.at(-1)?.body).toBe("📝 | Saved note shop.");
 */
export function createHarness(module: ModuleSpec, options: HarnessOptions = {}) {
  const owner = options.owner ?? "@owner:test";
  const prefix = options.prefix ?? ".";
  const defaultRoom = options.roomId ?? "!room:test";
  const registry = buildRegistry([], [module]);
  const sudos = new Set(options.sudos ?? []);
  const db = new Map<string, string>();
  const config = new Map(Object.entries(options.config ?? {}));
  const sent: Recorded[] = [];
  const settings = {
    prefix,
    disabledModules: new Set<string>(),
    moduleConfig: new Map([[module.name, Object.fromEntries(config)]]),
  };
  let seq = 0;

  const record = (r: Recorded) => {
    sent.push(r);
    return `$sent${++seq}:test`;
  };
  const text = (c: MessageInput) =>
    typeof c === "string" ? { body: c } : { body: c.body, html: c.html };
  const facts = (sender: string) => ({
    isOwner: sender === owner,
    isSudo: sudos.has(sender),
    modPerms: new Set<string>(),
    tsec: new Map<string, number>(),
  });

  const base: BaseContext = {
    module: module.name,
    matrix: {
      sendMessage: async (roomId, c) => record({ action: "send", roomId, ...text(c) }),
      react: async (roomId, eventId, key) => record({ action: "react", roomId, eventId, key }),
      redact: async (roomId, eventId) => record({ action: "redact", roomId, eventId }),
      getEvent: async () => {
        throw new Error("the harness has no events to fetch");
      },
      getProfile: async (userId) => options.profiles?.[userId] ?? {},
      getJoinedMembers: async () => ({}),
      whoami: async () => owner,
    },
    db: {
      get: async <T>(key: string) =>
        db.has(key) ? (JSON.parse(db.get(key) as string) as T) : undefined,
      set: async (key, value) => void db.set(key, JSON.stringify(value)),
      delete: async (key) => db.delete(key),
      keys: async (p = "") => [...db.keys()].filter((k) => k.startsWith(p)).sort(),
    },
    config: {
      get: <T>(key: string) =>
        (config.has(key) ? config.get(key) : module.config?.[key]?.default) as T | undefined,
    },
    security: {
      isOwner: async (id) => id === owner,
      isSudo: async (id) => id === owner || sudos.has(id),
    },
    log: { info: () => {}, warn: () => {}, error: () => {} },
    http: {
      async fetch(url, init) {
        const host = new URL(url).hostname;
        if (!url.startsWith("https://")) throw new TypeError("ctx.http.fetch allows https only");
        if (!(module.network ?? []).includes(host))
          throw new TypeError(`${host} is not in the module's network list`);
        if (!options.fetch)
          throw new Error("pass `fetch` to createHarness to answer ctx.http.fetch");
        return options.fetch(url, init);
      },
    },
  };

  const eventContext = (event: RoomEvent): EventContext => {
    const reply = async (c: MessageInput) =>
      record({ action: "reply", roomId: event.room_id, eventId: event.event_id, ...text(c) });
    return {
      ...base,
      event,
      roomId: event.room_id,
      sender: event.sender,
      reply,
      respond: async (c) =>
        event.sender === owner
          ? record({
              action: "respond",
              roomId: event.room_id,
              eventId: event.event_id,
              ...text(c),
            })
          : reply(c),
      send: (c, roomId) => base.matrix.sendMessage(roomId ?? event.room_id, c),
      react: (key) => base.matrix.react(event.room_id, event.event_id, key),
    };
  };
  const makeEvent = (
    type: string,
    content: Record<string, unknown>,
    sender: string,
    roomId: string,
    extra = {},
  ) =>
    ({
      type,
      content,
      sender,
      room_id: roomId,
      event_id: `$in${++seq}:test`,
      origin_server_ts: Date.now(),
      ...extra,
    }) as RoomEvent;
  const since = (n: number) => sent.slice(n);

  return {
    sent,
    /** The module's stored values, as JSON text by key. */
    db,
    /** Runs a command message; returns what it sent. A sender who may not run it gets nothing. */
    async command(body: string, opts: { sender?: string; roomId?: string } = {}) {
      const start = sent.length;
      const parsed = parseCommand(body, prefix);
      const command = parsed && registry.command(parsed.name);
      if (!parsed || !command) throw new Error(`${body} is not a command of ${module.name}`);
      const sender = opts.sender ?? owner;
      if (!checkAccess(facts(sender), command, Date.now())) return since(start);
      const event = makeEvent(
        "m.room.message",
        { msgtype: "m.text", body },
        sender,
        opts.roomId ?? defaultRoom,
      );
      const ctx = {
        ...eventContext(event),
        command: command.name,
        args: parsed.args,
        argv: splitArgs(parsed.args),
      };
      const missing = missingConfig(module, settings);
      if (missing.length > 0) {
        await ctx.respond(`⚙️ | ${module.name} needs configuring first: ${missing.join(", ")}`);
        return since(start);
      }
      try {
        await command.run(ctx, undefined as never);
      } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        await ctx.respond(`❌ | ${error.message}`);
      }
      return since(start);
    },
    /** Runs the watchers on a plain message; returns what they sent. */
    async message(body: string, opts: { sender?: string; roomId?: string } = {}) {
      const start = sent.length;
      const sender = opts.sender ?? owner;
      const event = makeEvent(
        "m.room.message",
        { msgtype: "m.text", body },
        sender,
        opts.roomId ?? defaultRoom,
      );
      for (const watcher of registry.watchers) {
        const match = body.match(watcher.pattern);
        if (match && passesGate(facts(sender), watcher.security))
          await watcher.run({ ...eventContext(event), match });
      }
      return since(start);
    },
    /** Runs the `on` handlers for an event; returns what they sent. */
    async event(
      type: string,
      content: Record<string, unknown>,
      opts: { sender?: string; roomId?: string; stateKey?: string } = {},
    ) {
      const start = sent.length;
      const sender = opts.sender ?? owner;
      const extra = opts.stateKey === undefined ? {} : { state_key: opts.stateKey };
      const event = makeEvent(type, content, sender, opts.roomId ?? defaultRoom, extra);
      if (missingConfig(module, settings).length > 0) return since(start);
      for (const handler of registry.handlers(type)) {
        if (passesGate(facts(sender), handler.security)) await handler.run(eventContext(event));
      }
      return since(start);
    },
    /** Runs cron job `index` as if it fired at `time`; returns what it sent. */
    async cron(index = 0, time = Date.now()) {
      const start = sent.length;
      const job = registry.cronJobs[index];
      if (!job) throw new Error(`${module.name} has no cron job ${index}`);
      if (missingConfig(module, settings).length > 0) return since(start);
      await job.run({ ...base, scheduledTime: time });
      return since(start);
    },
  };
}
