// The bot as it runs for real: `wrangler dev` (its own process group, its own local D1 under a
// temporary folder, every setting given as --var and an empty --env-file so a developer's
// .dev.vars is never read) in front of the test suite's fake homeserver, started in this process.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type FakeHomeserver, startFakeHomeserver } from "../fake-homeserver/server";

export const root = fileURLToPath(new URL("../..", import.meta.url));
const wrangler = join(root, "node_modules/.bin/wrangler");
export const OWNER = "@owner:browser.local";
export const ROOM = "!room:browser.local";

export interface Stack {
  /** The Worker's origin, e.g. http://127.0.0.1:PORT. */
  url: string;
  /** Pushes one message as `sender` (an appservice transaction); resolves to its event id. */
  say(body: string, sender?: string): Promise<string>;
  /** The text of the bot's answer to an event (an edit's new text, or a reply's body). */
  answerTo(eventId: string): Promise<string | null>;
  /** wrangler's output so far, for a failure message. */
  log(): string;
  stop(): Promise<void>;
}

export async function startStack(): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), "mxub-browser-"));
  const logFile = join(dir, "wrangler.log");
  const emptyEnv = join(dir, "empty.env");
  writeFileSync(emptyEnv, "");
  const state = join(dir, "state");
  mkdirSync(state);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CI: "true",
    WRANGLER_SEND_METRICS: "false",
    NO_COLOR: "1",
  };
  delete env.CLOUDFLARE_INCLUDE_PROCESS_ENV;

  const homeserver = await startFakeHomeserver();
  let worker: ChildProcess | undefined;
  const stop = async () => {
    if (worker?.pid) await stopGroup(worker.pid);
    await homeserver.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const tenant = await createTenant(homeserver);
    const hsToken = randomBytes(24).toString("hex");
    const migrate = await run(
      wrangler,
      ["d1", "migrations", "apply", "DB", "--local", "--persist-to", state],
      env,
      logFile,
    );
    if (migrate !== 0) throw new Error(`migrations failed:\n${readFileSync(logFile, "utf8")}`);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const vars: Record<string, string> = {
      HOMESERVER_URL: tenant.baseUrl,
      MATRIX_USER_ID: OWNER,
      AS_TOKEN: tenant.token,
      HS_TOKEN: hsToken,
      PUBLIC_URL: url,
    };
    const args = [
      "dev",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--inspector-port",
      String(await freePort()),
      "--persist-to",
      state,
      "--env-file",
      emptyEnv,
      "--show-interactive-dev-session=false",
      ...Object.entries(vars).flatMap(([name, value]) => ["--var", `${name}:${value}`]),
    ];
    const log = openSync(logFile, "a");
    worker = spawn(wrangler, args, { cwd: root, env, detached: true, stdio: ["ignore", log, log] });
    closeSync(log);
    await waitUntilServing(url, logFile, worker);

    let seq = 0;
    const say = async (body: string, sender = OWNER) => {
      const eventId = `$browser${Date.now()}${seq++}:browser.local`;
      const event = {
        type: "m.room.message",
        event_id: eventId,
        room_id: ROOM,
        sender,
        origin_server_ts: Date.now(),
        content: { msgtype: "m.text", body },
      };
      const response = await fetch(`${url}/_matrix/app/v1/transactions/t${eventId}`, {
        method: "PUT",
        headers: { authorization: `Bearer ${hsToken}`, "content-type": "application/json" },
        body: JSON.stringify({ events: [event] }),
      });
      if (!response.ok)
        throw new Error(`the transaction got ${response.status}: ${await response.text()}`);
      return eventId;
    };
    const answerTo = async (eventId: string) => {
      const response = await fetch(
        `${homeserver.url}/_fake/t/${encodeURIComponent(tenant.id)}/sent`,
      );
      const sent = (await response.json()) as { content: Record<string, unknown> }[];
      for (const { content } of sent) {
        const rel = content["m.relates_to"] as
          | { event_id?: string; "m.in_reply_to"?: { event_id?: string } }
          | undefined;
        if ((rel?.event_id ?? rel?.["m.in_reply_to"]?.event_id) !== eventId) continue;
        const edited = content["m.new_content"] as { body?: unknown } | undefined;
        return String(edited?.body ?? content.body);
      }
      return null;
    };
    return { url, say, answerTo, log: () => readFileSync(logFile, "utf8"), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function createTenant(homeserver: FakeHomeserver) {
  const response = await fetch(`${homeserver.url}/_fake/tenants`, {
    method: "POST",
    body: JSON.stringify({ userId: OWNER }),
  });
  return (await response.json()) as { id: string; baseUrl: string; token: string };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, logFile: string) {
  return new Promise<number>((resolve) => {
    const log = openSync(logFile, "a");
    const child = spawn(command, args, {
      cwd: root,
      env,
      detached: true,
      stdio: ["ignore", log, log],
    });
    closeSync(log);
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/**
 * Until the Worker answers and wrangler has been quiet a moment: right after it starts, wrangler
 * builds the modules again and restarts the Worker, and a request in that restart would be lost.
 */
async function waitUntilServing(url: string, logFile: string, worker: ChildProcess) {
  const until = Date.now() + 120_000;
  const size = () => readFileSync(logFile, "utf8").length;
  const answers = () =>
    fetch(`${url}/`).then(
      (r) => r.ok,
      () => false,
    );
  let serving = false;
  let quiet = { size: -1, since: Date.now() };
  while (Date.now() < until) {
    if (worker.exitCode !== null)
      throw new Error(`wrangler dev exited:\n${readFileSync(logFile, "utf8")}`);
    if (!serving) {
      serving = await answers();
      quiet = { size: size(), since: Date.now() };
    } else if (size() !== quiet.size) {
      quiet = { size: size(), since: Date.now() };
    } else if (Date.now() - quiet.since >= 1_000) {
      if (await answers()) return;
      serving = false;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`wrangler dev did not answer on ${url}:\n${readFileSync(logFile, "utf8")}`);
}

/** Stops the process group (wrangler and workerd) and waits until none of it is left. */
async function stopGroup(pgid: number) {
  const signal = (name: NodeJS.Signals | 0) => {
    try {
      process.kill(-pgid, name);
      return true;
    } catch {
      return false;
    }
  };
  signal("SIGTERM");
  const until = Date.now() + 15_000;
  while (Date.now() < until && signal(0)) await new Promise((r) => setTimeout(r, 100));
  signal("SIGKILL");
}
