import { checkAccess, passesGate } from "../access/check";
import { parseCommand, splitArgs } from "../commands/parse";
import type { RoomEvent } from "../matrix/events";
import { configValue, missingConfig } from "../modules/config";
import { deepFreeze } from "../modules/deep-freeze";
import { createModuleHttp } from "../modules/module-http";
import { buildRegistry, type LoadedCommand } from "../modules/registry";
import { errorAnswer } from "../pipeline/answers";
import { WATCHER_INPUT_LIMIT } from "../pipeline/classify";
import type { BaseContext, EventContext, MessageInput, ModuleSpec, Profile } from "./types";

/** One thing the module did, as recorded by the harness. */
export interface Recorded {
  action: "respond" | "reply" | "send" | "react" | "redact";
  roomId: string;
  body?: string;
  html?: string;
  key?: string;
  eventId?: string;
}

/** One `ctx.log` line. */
export interface LogLine {
  level: "info" | "warn" | "error";
  message: string;
}

export interface HarnessOptions {
  /** The bot account (an owner). Default `@owner:test`. */
  owner?: string;
  sudos?: string[];
  prefix?: string;
  roomId?: string;
  /** Config values, as if set with `.cfg`: each goes through the module's `validate`. */
  config?: Record<string, unknown>;
  profiles?: Record<string, Profile>;
  /** Events `ctx.matrix.getEvent` can return, by event ID. */
  events?: RoomEvent[];
  /** Answers `ctx.http.fetch` (after the harness checked https and `network`, as the bot does). */
  fetch?: (url: string, init?: RequestInit) => Promise<Response>;
}

/**
 * Runs a module without a homeserver or D1, the way the bot does: the declaration is taken by
 * value and checked; access levels, the gate, required config, `validate`, usage answers and
 * cron schedules behave as in the bot. Sends are recorded in `sent`, `ctx.log` lines in `logs`,
 * and `ctx.db` is an in-memory map of values.
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
  const registry = buildRegistry([], [{ file: "harness", name: null, load: () => module }]);
  const refused = registry.refused[0];
  if (refused)
    throw new Error(`the bot would refuse ${module.name}: ${refused.reasons.join("; ")}`);
  const loaded = registry.modules[0];
  if (!loaded?.code) throw new Error(`${module.name} did not load`);
  const { manifest, code } = loaded;
  const sudos = new Set(options.sudos ?? []);
  const db = new Map<string, unknown>();
  const sent: Recorded[] = [];
  const logs: LogLine[] = [];
  const values: Record<string, unknown> = {};
  const settings = {
    prefix,
    disabledModules: new Set<string>(),
    moduleConfig: new Map([[manifest.name, values]]),
    modulesRev: "",
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
  const http = createModuleHttp(manifest.name, manifest.network, (url, init) => {
    if (!options.fetch) throw new Error("pass `fetch` to createHarness to answer ctx.http.fetch");
    return options.fetch(url, init);
  });
  const events = new Map((options.events ?? []).map((e) => [e.event_id, e]));

  const base: BaseContext = Object.freeze({
    module: manifest.name,
    matrix: Object.freeze({
      sendMessage: async (roomId: string, c: MessageInput) =>
        record({ action: "send", roomId, ...text(c) }),
      react: async (roomId: string, eventId: string, key: string) =>
        record({ action: "react", roomId, eventId, key }),
      redact: async (roomId: string, eventId: string) =>
        record({ action: "redact", roomId, eventId }),
      getEvent: async (_roomId: string, eventId: string) => {
        const event = events.get(eventId);
        if (!event) throw new Error(`M_NOT_FOUND: the harness has no event ${eventId}`);
        return deepFreeze(structuredClone(event));
      },
      getProfile: async (userId: string) => options.profiles?.[userId] ?? {},
      getJoinedMembers: async () => ({}),
      whoami: async () => owner,
    }),
    db: Object.freeze({
      get: async <T>(key: string) =>
        db.has(key) ? (structuredClone(db.get(key)) as T) : undefined,
      set: async (key: string, value: unknown) => {
        const json = JSON.stringify(value);
        if (json === undefined) throw new TypeError("ctx.db.set: the value must be JSON");
        db.set(key, JSON.parse(json));
      },
      delete: async (key: string) => db.delete(key),
      keys: async (p = "") => [...db.keys()].filter((k) => k.startsWith(p)).sort(),
    }),
    config: Object.freeze({
      get: <T>(key: string) =>
        structuredClone(configValue(manifest, settings, String(key))) as T | undefined,
    }),
    security: Object.freeze({
      isOwner: async (id: string) => id === owner,
      isSudo: async (id: string) => id === owner || sudos.has(id),
    }),
    log: Object.freeze({
      info: (message: string) => void logs.push({ level: "info", message: String(message) }),
      warn: (message: string) => void logs.push({ level: "warn", message: String(message) }),
      error: (message: string) => void logs.push({ level: "error", message: String(message) }),
    }),
    http: Object.freeze({ fetch: http.fetch }),
  });

  const eventContext = <X extends object>(event: RoomEvent, extra: X): EventContext & X => {
    const reply = async (c: MessageInput) =>
      record({ action: "reply", roomId: event.room_id, eventId: event.event_id, ...text(c) });
    const respond = async (c: MessageInput) =>
      event.sender === owner
        ? record({ action: "respond", roomId: event.room_id, eventId: event.event_id, ...text(c) })
        : reply(c);
    return Object.freeze({
      ...base,
      event: deepFreeze(structuredClone(event)),
      roomId: event.room_id,
      sender: event.sender,
      reply,
      respond,
      send: (c: MessageInput, roomId?: string) =>
        base.matrix.sendMessage(roomId ?? event.room_id, c),
      react: (key: string) => base.matrix.react(event.room_id, event.event_id, key),
      ...deepFreeze(structuredClone(extra)),
    });
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
  const setConfig = async (key: string, value: unknown) => {
    if (!manifest.config.some((o) => o.key === key))
      throw new Error(`${manifest.name} has no config key ${key}`);
    const verdict = await code.validate(key, value);
    if (verdict !== true) throw new Error(`${manifest.name}.${key}: ${verdict}`);
    values[key] = structuredClone(value);
  };
  // `options.config` goes through `validate` as `.cfg` would; every call waits for it.
  const ready = (async () => {
    for (const [key, value] of Object.entries(options.config ?? {})) await setConfig(key, value);
  })();
  ready.catch(() => {});
  const configured = () => missingConfig(manifest, settings).length === 0;
  /** As the bot's error boundary: usage errors answer with the usage line, bugs are thrown. */
  const run = async (
    source: LoadedCommand | undefined,
    respond: (c: MessageInput) => Promise<string>,
    fn: () => Promise<void>,
  ) => {
    try {
      await fn();
    } catch (error) {
      const usage = errorAnswer(error, prefix, source);
      if (!usage) throw error;
      await respond(usage);
    }
  };

  return {
    sent,
    /** The module's stored values by key (values, as the module stored them). */
    db,
    /** What the module wrote with `ctx.log`. */
    logs,
    /** Sets a config value as `.cfg` does: the module's `validate` must accept it. */
    async configure(key: string, value: unknown) {
      await ready;
      await setConfig(key, value);
    },
    /** Runs a command message; returns what it sent. A sender who may not run it gets nothing. */
    async command(body: string, opts: { sender?: string; roomId?: string } = {}) {
      await ready;
      const start = sent.length;
      const parsed = parseCommand(body, prefix);
      const command = parsed && registry.command(parsed.name);
      if (!parsed || !command) throw new Error(`${body} is not a command of ${manifest.name}`);
      const sender = opts.sender ?? owner;
      if (!checkAccess(facts(sender), command, Date.now())) return since(start);
      const event = makeEvent(
        "m.room.message",
        { msgtype: "m.text", body },
        sender,
        opts.roomId ?? defaultRoom,
      );
      const ctx = eventContext(event, {
        command: command.name,
        args: parsed.args,
        argv: splitArgs(parsed.args),
      });
      const missing = missingConfig(manifest, settings);
      if (missing.length > 0) {
        const how = missing.map((key) => `${prefix}cfg ${manifest.name} ${key} <value>`);
        await ctx.respond(`⚙️ | ${manifest.name} needs configuring first: ${how.join(", ")}`);
        return since(start);
      }
      await run(command, ctx.respond, () => command.run(ctx, undefined as never));
      return since(start);
    },
    /** Runs the watchers on a plain message; returns what they sent. */
    async message(body: string, opts: { sender?: string; roomId?: string } = {}) {
      await ready;
      const start = sent.length;
      const sender = opts.sender ?? owner;
      const event = makeEvent(
        "m.room.message",
        { msgtype: "m.text", body },
        sender,
        opts.roomId ?? defaultRoom,
      );
      if (!configured()) return since(start);
      for (const watcher of registry.watchers) {
        const match = body.slice(0, WATCHER_INPUT_LIMIT).match(watcher.pattern);
        if (!match || !passesGate(facts(sender), watcher.security)) continue;
        const ctx = eventContext(event, { match });
        await run(undefined, ctx.respond, () => watcher.run(ctx));
      }
      return since(start);
    },
    /** Runs the `on` handlers for an event; returns what they sent. */
    async event(
      type: string,
      content: Record<string, unknown>,
      opts: { sender?: string; roomId?: string; stateKey?: string } = {},
    ) {
      await ready;
      const start = sent.length;
      const sender = opts.sender ?? owner;
      const extra = opts.stateKey === undefined ? {} : { state_key: opts.stateKey };
      const event = makeEvent(type, content, sender, opts.roomId ?? defaultRoom, extra);
      if (!configured()) return since(start);
      for (const handler of registry.handlers(type)) {
        if (!passesGate(facts(sender), handler.security)) continue;
        const ctx = eventContext(event, {});
        await run(undefined, ctx.respond, () => handler.run(ctx));
      }
      return since(start);
    },
    /**
     * Fires cron job `index` as the Worker's cron would at `time`: it runs only when its
     * schedule is due in that minute (UTC). Returns what it sent.
     */
    async cron(index = 0, time = Date.now()) {
      await ready;
      const start = sent.length;
      const job = registry.cronJobs[index];
      if (!job) throw new Error(`${manifest.name} has no cron job ${index}`);
      if (!configured()) return since(start);
      if (!job.schedule.matches(Math.floor(time / 60_000) * 60_000)) return since(start);
      await job.run(Object.freeze({ ...base, scheduledTime: time }));
      return since(start);
    },
  };
}
