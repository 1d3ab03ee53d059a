// `npm run try`: the processes behind the terminal chat. The test suite's fake homeserver runs in
// this Node process (bundled with esbuild, as Node 20 cannot run TypeScript); `wrangler dev` runs
// in a process group of its own on its own local state (.wrangler/try/run-<pid>, a copy of the
// migrated state kept in .wrangler/try/migrated-<digest>), with every setting given as --var and
// an empty --env-file, so the user's .dev.vars is never read. `npm start`'s state is not touched.
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import {
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { importTs } from "./import-ts.mjs";

export const root = fileURLToPath(new URL("../..", import.meta.url));
const wrangler = join(root, "node_modules/.bin/wrangler");
const stateRoot = join(root, ".wrangler/try");
export const logFile = join(root, "build/try/wrangler.log");

/** Process groups of wrangler started here and not stopped yet. @type {Set<number>} */
const started = new Set();
/** State folders of this run. @type {Set<string>} */
const states = new Set();
/** Stops them without waiting: for process exit, or a signal before the chat is up. */
export function stopStartedNow() {
  for (const pgid of started) signalGroup(pgid, "SIGTERM");
  // Best effort: a process still stopping may write on; the next run removes what is left.
  for (const state of states) removeQuietly(state);
}

function removeQuietly(/** @type {string} */ dir) {
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    // left for the next run's clean-up
  }
}
process.on("exit", stopStartedNow);

/** Says where wrangler's output is, for error messages. */
export const logPath = () => relative(process.cwd(), logFile) || logFile;

/** The tail of the log, to show when something failed. */
export function logTail(lines = 25) {
  try {
    return readFileSync(logFile, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}

/** The fake homeserver, bundled into build/try/ and started in this process. */
export async function startHomeserver() {
  /** @type {typeof import("../../test/fake-homeserver/server.ts")} */
  const { startFakeHomeserver } = await importTs(
    "test/fake-homeserver/server.ts",
    "try/fake-homeserver",
  );
  return startFakeHomeserver();
}

/** A port free on 127.0.0.1 right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A random token, as a homeserver would make one. */
export const randomToken = () => randomBytes(24).toString("hex");

/** Removes the state folders of earlier runs whose process is gone. */
function clearStaleState(/** @type {string} */ keep) {
  if (!existsSync(stateRoot)) return;
  for (const name of readdirSync(stateRoot)) {
    const pid = Number(/^run-(\d+)/.exec(name)?.[1]);
    const stale = pid ? !alive(pid) : name.startsWith("migrated-") && name !== keep;
    if (stale) removeQuietly(join(stateRoot, name));
  }
}

/** A digest of the migration files: the migrated state is kept per digest. */
function migrationsDigest() {
  const dir = join(root, "migrations");
  const hash = createHash("sha256");
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith(".sql"))
    .sort()) {
    hash
      .update(`${name}\n`)
      .update(readFileSync(join(dir, name)))
      .update("\n");
  }
  return hash.digest("hex").slice(0, 16);
}

/**
 * Fills `state` with local D1 storage on which the migrations have been applied. They are applied
 * once per set of migration files (`wrangler d1 migrations apply DB --local`, ~3 s) into
 * .wrangler/try/migrated-<digest>, and each run starts on a copy of that.
 * @param {string} state @param {NodeJS.ProcessEnv} env @param {number} log
 * @param {(what: string) => void} onProgress
 */
async function migratedState(state, env, log, onProgress) {
  const name = `migrated-${migrationsDigest()}`;
  clearStaleState(name);
  const template = join(stateRoot, name);
  if (!existsSync(template)) {
    onProgress("applying the local D1 migrations");
    const fresh = join(stateRoot, `run-${process.pid}.migrating`);
    removeQuietly(fresh);
    mkdirSync(fresh, { recursive: true });
    states.add(fresh);
    const code = await run(
      wrangler,
      ["d1", "migrations", "apply", "DB", "--local", "--persist-to", fresh],
      env,
      log,
    );
    if (code !== 0) throw new Error(`wrangler d1 migrations apply failed (exit ${code})`);
    try {
      renameSync(fresh, template);
    } catch {
      // another run made it meanwhile: that one is as good
    }
    removeQuietly(fresh);
    states.delete(fresh);
  }
  cpSync(template, state, { recursive: true });
}

/** @param {number} pid */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code === "EPERM";
  }
}

/**
 * Prepares migrated local D1 storage, then starts `wrangler dev` with `vars` and waits until the
 * Worker answers. Everything wrangler prints goes to `log` (default build/try/wrangler.log).
 * @param {{ vars: Record<string, string>, onProgress?: (what: string) => void, port?: number, log?: string }} opts
 */
export async function startWorker({
  vars,
  onProgress = () => {},
  port: wanted,
  log: logTo = logFile,
}) {
  const state = join(stateRoot, `run-${process.pid}`);
  rmSync(state, { recursive: true, force: true });
  mkdirSync(state, { recursive: true });
  states.add(state);
  mkdirSync(join(root, "build/try"), { recursive: true });
  const emptyEnv = join(root, "build/try/empty.env");
  writeFileSync(emptyEnv, "");
  const log = openSync(logTo, "w");
  /** @type {NodeJS.ProcessEnv} */
  const env = {
    ...process.env,
    CI: "true",
    WRANGLER_SEND_METRICS: "false",
    NO_COLOR: "1",
    FORCE_COLOR: "0",
  };
  // Would let wrangler hand the user's own environment to the Worker.
  delete env.CLOUDFLARE_INCLUDE_PROCESS_ENV;

  try {
    await migratedState(state, env, log, onProgress);
  } catch (error) {
    closeSync(log);
    removeQuietly(state);
    states.delete(state);
    throw error;
  }

  const port = wanted ?? (await freePort());
  const inspectorPort = await freePort();
  const args = [
    "dev",
    "--ip",
    "127.0.0.1",
    "--port",
    String(port),
    "--inspector-port",
    String(inspectorPort),
    "--test-scheduled",
    "--persist-to",
    state,
    "--env-file",
    emptyEnv,
    "--show-interactive-dev-session=false",
  ];
  for (const [name, value] of Object.entries(vars)) args.push("--var", `${name}:${value}`);
  onProgress("starting wrangler dev");
  const child = spawn(wrangler, args, {
    cwd: root,
    env,
    detached: true,
    stdio: ["ignore", log, log],
  });
  closeSync(log);
  const pgid = /** @type {number} */ (child.pid);
  started.add(pgid);
  /** @type {number | null} */
  let exitCode = null;
  let exited = false;
  child.on("exit", (code, signal) => {
    exited = true;
    exitCode = code ?? (signal ? 128 : 1);
  });

  const worker = {
    url: `http://127.0.0.1:${port}`,
    pgid,
    state,
    logFile: logTo,
    /** True once wrangler itself has exited. */
    get exited() {
      return exited;
    },
    get exitCode() {
      return exitCode;
    },
    /** Stops wrangler's whole group (wrangler, workerd) and resolves once none of it is left. */
    async stop() {
      await stopGroup(pgid);
      started.delete(pgid);
      removeQuietly(state);
      states.delete(state);
    },
  };

  try {
    await waitUntilServing(worker.url, logTo, () => exited, 90_000);
  } catch (error) {
    await worker.stop();
    throw error;
  }
  return worker;
}

/**
 * Waits until the Worker answers GET / and wrangler's log has been quiet for a moment: right
 * after it starts, wrangler rebuilds once (its watcher sees the module folder written) and
 * restarts the Worker, and a request in that restart would be lost.
 * @param {string} url @param {string} logTo @param {() => boolean} exited @param {number} ms
 */
async function waitUntilServing(url, logTo, exited, ms) {
  const until = Date.now() + ms;
  const sizeOfLog = () => {
    try {
      return statSync(logTo).size;
    } catch {
      return 0;
    }
  };
  let serving = false;
  let size = -1;
  let quietSince = 0;
  while (Date.now() < until) {
    if (exited()) throw new Error("wrangler dev exited while starting");
    if (!serving) {
      serving = await fetch(`${url}/`).then(
        (r) => r.ok,
        () => false,
      );
      quietSince = Date.now();
      size = sizeOfLog();
    } else {
      const now = sizeOfLog();
      if (now !== size) {
        size = now;
        quietSince = Date.now();
      } else if (Date.now() - quietSince >= 700) {
        const ok = await fetch(`${url}/`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) return;
        serving = false;
      }
    }
    await sleep(100);
  }
  throw new Error(`wrangler dev did not answer on ${url} within ${ms / 1000} s`);
}

/**
 * @param {string} command @param {string[]} args @param {NodeJS.ProcessEnv} env @param {number} log
 * @returns {Promise<number>}
 */
function run(command, args, env, log) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: root,
      env,
      detached: true,
      stdio: ["ignore", log, log],
    });
    if (child.pid) started.add(child.pid);
    const done = (/** @type {number} */ code) => {
      started.delete(/** @type {number} */ (child.pid));
      resolve(code);
    };
    child.on("error", () => done(127));
    child.on("exit", (code) => done(code ?? 1));
  });
}

/** @param {number} pgid @param {NodeJS.Signals | 0} signal */
function signalGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * The live processes of a process group (zombies left unreaped by PID 1 do not count). Reads
 * /proc where there is one; elsewhere, whether the group can be signalled at all.
 * @param {number} pgid @returns {number[]}
 */
export function groupMembers(pgid) {
  if (!existsSync("/proc/self/stat")) return signalGroup(pgid, 0) ? [pgid] : [];
  /** @type {number[]} */
  const members = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    let stat = "";
    try {
      stat = readFileSync(`/proc/${name}/stat`, "utf8");
    } catch {
      continue; // gone meanwhile
    }
    // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(fields[2]) === pgid && fields[0] !== "Z") members.push(Number(name));
  }
  return members;
}

/** SIGTERM to the group, SIGKILL to what is left after 5 s; resolves when the group is empty. */
async function stopGroup(/** @type {number} */ pgid) {
  if (!signalGroup(pgid, "SIGTERM")) return;
  const until = Date.now() + 5_000;
  while (groupMembers(pgid).length > 0) {
    if (Date.now() > until) {
      signalGroup(pgid, "SIGKILL");
      await sleep(200);
      return;
    }
    await sleep(100);
  }
}

export const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));
