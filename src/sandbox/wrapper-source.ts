/**
 * The main module of every sandbox, as source text. It imports the module (`module.js`), turns
 * its declaration into data once (`describe`), and runs one handler per `run` call with a ctx
 * built here from the capability the core passed in. Only data crosses back: the manifest, and
 * for each run the log lines and, on failure, a usage message or an error description.
 */
export const WRAPPER_SOURCE = `
import { WorkerEntrypoint } from "cloudflare:workers";
import { UsageError } from "mxuserbot";
import declared from "./module.js";

const handlers = new Map();
let described = null;

function toWire(value, path, depth) {
  if (depth > 12) throw new Error(path + " is nested too deeply");
  if (typeof value === "function") {
    handlers.set(path, value);
    return { $fn: path };
  }
  if (value instanceof RegExp) return { $re: [value.source, value.flags] };
  if (Array.isArray(value)) return value.map((v, i) => toWire(v, path + "." + i, depth + 1));
  if (typeof value === "object" && value !== null) {
    const out = {};
    for (const key of Object.keys(value)) out[key] = toWire(value[key], path + "." + key, depth + 1);
    return out;
  }
  return value;
}

function freeze(value) {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) freeze(child);
  }
  return value;
}

function makeCtx(cap, data, logs) {
  const log = (level) => (message) => {
    if (logs.length < 100) logs.push([level, String(message).slice(0, 2000)]);
  };
  const config = data.config;
  const ctx = {
    module: data.module,
    matrix: {
      sendMessage: (roomId, content) => cap.sendMessage(roomId, content),
      react: (roomId, eventId, key) => cap.reactTo(roomId, eventId, key),
      redact: (roomId, eventId, reason) => cap.redact(roomId, eventId, reason),
      getEvent: async (roomId, eventId) => freeze(await cap.getEvent(roomId, eventId)),
      getProfile: (userId) => cap.getProfile(userId),
      getJoinedMembers: (roomId) => cap.getJoinedMembers(roomId),
      whoami: () => cap.whoami(),
    },
    db: {
      get: (key) => cap.dbGet(key),
      set: (key, value) => cap.dbSet(key, value),
      delete: (key) => cap.dbDelete(key),
      keys: (prefix) => cap.dbKeys(prefix),
    },
    config: {
      get: (key) => (Object.hasOwn(config, key) ? structuredClone(config[key]) : undefined),
    },
    security: {
      isOwner: (userId) => cap.isOwner(userId),
      isSudo: (userId) => cap.isSudo(userId),
    },
    log: { info: log("info"), warn: log("warn"), error: log("error") },
    http: {
      fetch: async (url, init) => {
        const refused = await cap.checkUrl(url);
        if (refused !== null) throw new TypeError(refused);
        return fetch(url, init);
      },
    },
  };
  if (data.event) {
    Object.assign(ctx, {
      event: data.event,
      roomId: data.event.room_id,
      sender: data.event.sender,
      respond: (content) => cap.respond(content),
      reply: (content) => cap.reply(content),
      send: (content, roomId) => cap.send(content, roomId),
      react: (key) => cap.react(key),
    });
  }
  if (data.command !== undefined)
    Object.assign(ctx, { command: data.command, args: data.args, argv: data.argv });
  if (data.match) {
    const match = Object.assign([...data.match.items], {
      index: data.match.index,
      input: data.match.input,
      groups: data.match.groups,
    });
    Object.assign(ctx, { match });
  }
  if (data.scheduledTime !== undefined) Object.assign(ctx, { scheduledTime: data.scheduledTime });
  return freeze(ctx);
}

function describeError(error) {
  try {
    return error instanceof Error ? error.name + ": " + error.message : String(error);
  } catch {
    return "an error that cannot be described";
  }
}

export default class Sandbox extends WorkerEntrypoint {
  describe() {
    described ??= toWire(declared, "$", 0);
    return described;
  }

  async run(kind, key, cap, data) {
    this.describe();
    const fn = handlers.get(kind === "validate" ? "$.config." + key + ".validate" : handlerPath(kind, key));
    if (!fn) return { error: "no " + kind + " " + key };
    if (kind === "validate") {
      try {
        const verdict = await fn(data.value);
        return { verdict: verdict === true ? true : typeof verdict === "string" ? verdict : false };
      } catch (error) {
        return { error: describeError(error) };
      }
    }
    const logs = [];
    try {
      await fn(makeCtx(cap, data, logs));
      return { logs };
    } catch (error) {
      if (error instanceof UsageError) return { logs, usage: String(error.message) };
      return { logs, error: describeError(error) };
    }
  }
}

function handlerPath(kind, key) {
  if (kind === "command") return "$.commands." + key + ".run";
  if (kind === "watcher") return "$.watchers." + key + ".run";
  if (kind === "handler") return "$.on." + key + ".run";
  return "$.cron." + key + ".run";
}
`;
