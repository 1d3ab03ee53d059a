// `npm run try`: the bot in `wrangler dev` against a fake homeserver on 127.0.0.1, and a terminal
// chat with it. No settings needed: every setting is made up here and given to wrangler as --var
// (the user's .dev.vars is not read). Type as the owner or as anyone else (/as), see the answers
// as a client shows them, fire the cron (/cron). /quit (or Ctrl-D, Ctrl-C) stops everything.
//   npm run try              appservice mode: typed lines are pushed as transactions
//   npm run try -- --sync    sync mode: typed lines go into the room; the cron reads /sync
// Lines may be piped in (no terminal): each is echoed, answered, and the chat ends at EOF.
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import {
  ChatProtocol,
  DEFAULT_ROOM,
  OWNER,
  roomOf,
  SERVER_NAME,
  senderOf,
} from "./lib/try-chat.mjs";
import { renderSent } from "./lib/try-render.mjs";
import {
  logPath,
  logTail,
  randomToken,
  sleep,
  startHomeserver,
  startWorker,
  stopStartedNow,
} from "./lib/try-stack.mjs";

const { values: flags } = parseArgs({
  options: { sync: { type: "boolean", default: false }, help: { type: "boolean", short: "h" } },
});
if (flags.help) {
  console.log("npm run try [-- --sync]: the bot and a terminal chat with it, no settings needed.");
  process.exit(0);
}
const sync = Boolean(flags.sync);
const tty = Boolean(process.stdin.isTTY && process.stdout.isTTY);
const out = (/** @type {string} */ line) => console.log(line);
const dim = (/** @type {string} */ s) => (tty ? `\x1b[2m${s}\x1b[22m` : s);

const SIGNALS = /** @type {const} */ (["SIGINT", "SIGTERM", "SIGHUP"]);
const CHAT_HELP = [
  "Chat commands (anything else is sent to the room as a message):",
  "  /as @user:server   type as someone else (/as friend = @friend:try.local, /as me = the owner)",
  "  /room <!id|name>   switch to (or create) a room     /rooms   the rooms used so far",
  "  /cron              fire the Worker's Cron Trigger once",
  "  /help              this list                        /quit    stop everything (or Ctrl-D)",
  "  //text             send a message that starts with /",
];

// ---- start-up ----------------------------------------------------------------------------

const started = performance.now();
// A signal while starting: stop what has started (wrangler runs in a group of its own, which
// the terminal's Ctrl-C does not reach) and leave.
const abortStart = () => {
  console.error("\nStopped while starting.");
  stopStartedNow();
  process.exit(130);
};
for (const signal of SIGNALS) process.on(signal, abortStart);
out(dim(`Starting MXUserbot (${sync ? "sync" : "appservice"} mode) with a fake homeserver…`));
/** @type {Awaited<ReturnType<typeof startHomeserver>> | null} */
let homeserver = null;
/** @type {Awaited<ReturnType<typeof startWorker>> | null} */
let worker = null;
/** @type {ChatProtocol} */
let chat;
try {
  homeserver = await startHomeserver();
  const tenantResponse = await fetch(`${homeserver.url}/_fake/tenants`, {
    method: "POST",
    body: JSON.stringify({ userId: OWNER, appservice: !sync }),
  });
  const tenant = /** @type {{ id: string, baseUrl: string, token: string, userId: string }} */ (
    await tenantResponse.json()
  );
  const hsToken = randomToken();
  /** @type {Record<string, string>} */
  const vars = {
    HOMESERVER_URL: tenant.baseUrl,
    MATRIX_USER_ID: tenant.userId,
    ALLOW_LOOPBACK_SOURCES: "true",
    ...(sync
      ? { MATRIX_ACCESS_TOKEN: tenant.token, SYNC_BUDGET_SECONDS: "2" }
      : { AS_TOKEN: tenant.token, HS_TOKEN: hsToken }),
  };
  worker = await startWorker({ vars, onProgress: (what) => out(dim(`  ${what}…`)) });
  chat = new ChatProtocol({
    hsUrl: homeserver.url,
    tenantId: tenant.id,
    workerUrl: worker.url,
    sync,
    hsToken,
  });
  if (sync) await chat.startSyncing();
} catch (error) {
  console.error(`\n✗ Could not start: ${/** @type {Error} */ (error).message}`);
  const tail = logTail();
  if (tail) console.error(`\nwrangler's output (all of it in ${logPath()}), last lines:\n${tail}`);
  await worker?.stop();
  await homeserver?.close();
  process.exit(1);
}
const live = /** @type {NonNullable<typeof worker>} */ (worker);
for (const signal of SIGNALS) process.off(signal, abortStart);

const seconds = ((performance.now() - started) / 1000).toFixed(1);
out(dim(`Ready in ${seconds} s: the Worker on ${live.url}, wrangler's output in ${logPath()}.`));
out("");
out(
  `MXUserbot, running locally in wrangler dev against a fake homeserver (${sync ? "sync" : "appservice"} mode).`,
);
out(`You are its owner ${OWNER}, in the room ${DEFAULT_ROOM}; the bot acts as your account, so`);
out(
  "its answers appear as a Matrix client shows them (edits of your message, replies, reactions).",
);
out("Type .help for the bot's commands, /help for this chat's own (/as, /room, /cron, /quit).");
out("");

// ---- the chat ----------------------------------------------------------------------------

let sender = OWNER;
let room = DEFAULT_ROOM;
const rooms = [DEFAULT_ROOM];
/** @type {Map<string, import("./lib/try-render.mjs").Known>} */
const known = new Map();
let quitting = false;
let busy = false;

const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: tty });
const promptText = () =>
  `${sender === OWNER ? "you" : sender}${room === DEFAULT_ROOM ? "" : ` in ${room}`} › `;
const prompt = () => {
  if (!tty || quitting) return;
  rl.setPrompt(promptText());
  rl.prompt();
};

/**
 * Prints the answers sent since the last look; returns how many events there were. Serialised,
 * so that the idle poll and a line's wait never show an event twice. `idle`: clears the prompt
 * line first and shows the prompt again after.
 */
let polling = Promise.resolve(0);
function showNew(idle = false) {
  polling = polling.then(async () => {
    const events = await chat.newlySent().catch(() => []);
    if (events.length > 0 && idle && tty) process.stdout.write("\r\x1b[2K");
    for (const event of events) {
      for (const line of renderSent(event, { botLabel: "bot", room, known })) out(line);
    }
    if (events.length > 0 && idle) prompt();
    return events.length;
  });
  return polling;
}

/** Waits for answers: up to `ms`, or 400 ms after the last one arrived. */
async function awaitAnswers(/** @type {number} */ ms, silent = "(no answer)") {
  const start = Date.now();
  let count = 0;
  let last = 0;
  for (;;) {
    const n = await showNew();
    if (n > 0) {
      count += n;
      last = Date.now();
    }
    const now = Date.now();
    if (quitting || (count > 0 && now - last >= 400) || now - start >= ms) break;
    await sleep(100);
  }
  if (count === 0 && silent) out(dim(`  ${silent}`));
}

/** @param {string} line */
async function handle(line) {
  const text = line.trim();
  if (!tty && text) out(`${promptText()}${line}`);
  if (!text) return;
  if (text.startsWith("/") && !text.startsWith("//")) return command(text);
  const body = text.startsWith("//") ? text.slice(1) : line;
  const event = await chat.send({ room, sender, body });
  known.set(event.event_id, { sender, body, byBot: false });
  if (sync) chat.keepSyncing();
  try {
    await awaitAnswers(sync ? 5_000 : 2_500);
  } finally {
    chat.wantSync = false;
  }
}

/** @param {string} text */
async function command(text) {
  const [name = "", ...rest] = text.slice(1).split(/\s+/);
  const arg = rest.join(" ");
  switch (name.toLowerCase()) {
    case "help":
    case "?":
      for (const l of CHAT_HELP) out(dim(l));
      return;
    case "quit":
    case "exit":
    case "q":
      quitting = true;
      rl.close();
      return;
    case "as": {
      if (!arg) return out(dim(`  typing as ${sender}; /as @user:server or /as me to change`));
      const next = senderOf(arg);
      if (!next) return out(dim(`  "${arg}" is not a user: try /as @friend:${SERVER_NAME}`));
      sender = next;
      return out(dim(`  now typing as ${sender}${sender === OWNER ? " (the owner)" : ""}`));
    }
    case "room": {
      if (!arg) return out(dim(`  in ${room}; /room <!id|name> to switch`));
      const next = roomOf(arg);
      if (!next) return out(dim(`  "${arg}" is not a room id or name`));
      const isNew = !rooms.includes(next);
      if (isNew) rooms.push(next);
      room = next;
      return out(dim(`  now in ${room}${isNew ? " (new room)" : ""}`));
    }
    case "rooms":
      for (const r of rooms) out(dim(`  ${r === room ? "*" : " "} ${r}`));
      return;
    case "cron":
      out(dim("  firing the cron…"));
      await chat.fireCron();
      await awaitAnswers(1_500, "(the cron run sent nothing)");
      return;
    default:
      out(dim(`  unknown chat command /${name}: /help lists them (//text sends "/text")`));
  }
}

let stopping = false;
async function shutdown(/** @type {number} */ code) {
  if (stopping) return;
  stopping = true;
  quitting = true;
  clearInterval(idlePoll);
  out(dim("Stopping wrangler dev and the fake homeserver…"));
  chat.wantSync = false;
  await live.stop();
  await homeserver?.close();
  process.exit(code);
}

// Answers that come later (a slow command, a cron job) are shown while the chat is idle.
const idlePoll = setInterval(async () => {
  if (busy || stopping) return;
  if (live.exited) {
    console.error(
      `\n✗ wrangler dev stopped (exit ${live.exitCode}); its output is in ${logPath()}:`,
    );
    console.error(logTail());
    await shutdown(1);
    return;
  }
  await showNew(true);
}, 500);

rl.on("SIGINT", () => {
  quitting = true;
  rl.close();
});
for (const signal of SIGNALS) process.on(signal, () => void shutdown(0));

// Lines are handled one at a time, in order. On a terminal, input is paused meanwhile, so what
// is typed during a wait shows after the next prompt rather than in the middle of the answers.
/** @type {string[]} */
const queue = [];
let closed = false;
let draining = false;
rl.on("line", (line) => {
  queue.push(line);
  if (tty) rl.pause();
  void drain();
});
rl.on("close", () => {
  closed = true;
  void drain();
});

async function drain() {
  if (draining) return;
  draining = true;
  while (queue.length > 0 && !quitting) {
    busy = true;
    try {
      await handle(/** @type {string} */ (queue.shift()));
    } catch (error) {
      out(`  ✗ ${/** @type {Error} */ (error).message}`);
      if (live.exited) out(`  wrangler dev has stopped; its output is in ${logPath()}`);
    } finally {
      busy = false;
    }
  }
  draining = false;
  if (closed || quitting) {
    if (tty) out("");
    await shutdown(0);
    return;
  }
  if (tty) {
    rl.resume();
    prompt();
  }
}

prompt();
