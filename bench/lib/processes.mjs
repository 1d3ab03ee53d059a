import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { build } from "esbuild";

const root = new URL("../../", import.meta.url).pathname;
const wrangler = join(root, "node_modules/.bin/wrangler");

/** The test suite's fake homeserver, bundled for Node and started in this process. */
export async function startHomeserver() {
  const out = join(mkdtempSync(join(tmpdir(), "mxub-bench-")), "fake-homeserver.mjs");
  await build({
    entryPoints: [join(root, "test/fake-homeserver/server.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    outfile: out,
    logLevel: "warning",
  });
  const { startFakeHomeserver } = await import(out);
  return /** @type {{ url: string, close(): Promise<void> }} */ (await startFakeHomeserver());
}

/**
 * `wrangler dev` on local D1 and Durable Object storage (a new state folder, or `state` to start
 * again on an earlier one's), in its own process group; `args` are more `wrangler dev` flags.
 * @param {{ port: number, vars: Record<string, string>, inspectorPort?: number, state?: string, args?: string[] }} opts
 */
export async function startWorker({ port, vars, inspectorPort, state: reuse, args: more = [] }) {
  // A server already on the port (another bench, someone's `wrangler dev`) would answer in its
  // place.
  await assertPortFree(port);
  const state = reuse ?? mkdtempSync(join(tmpdir(), "mxub-bench-d1-"));
  const env = { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" };
  const migrate = spawnSync(
    wrangler,
    ["d1", "migrations", "apply", "DB", "--local", "--persist-to", state],
    {
      cwd: root,
      env,
      encoding: "utf8",
    },
  );
  if (migrate.status !== 0) throw new Error(`migrations failed:\n${migrate.stderr}`);
  const args = [
    "dev",
    "--test-scheduled",
    "--ip",
    "127.0.0.1",
    "--port",
    String(port),
    "--persist-to",
    state,
    "--log-level",
    process.env.BENCH_VERBOSE ? "log" : "warn",
  ];
  if (inspectorPort) args.push("--inspector-port", String(inspectorPort));
  args.push(...more);
  for (const [k, v] of Object.entries(vars)) args.push("--var", `${k}:${v}`);
  const child = spawn(wrangler, args, {
    cwd: root,
    env,
    detached: true,
    stdio: ["ignore", process.env.BENCH_VERBOSE ? "inherit" : "ignore", "pipe"],
  });
  // Its warnings and errors still reach the terminal; the last of them are kept for `problems`.
  let stderr = "";
  child.stderr?.on("data", (/** @type {Buffer} */ chunk) => {
    process.stderr.write(chunk);
    stderr = (stderr + chunk.toString()).slice(-64_000);
  });
  await waitForHttp(`http://127.0.0.1:${port}/`, 60_000);
  // wrangler dev rebuilds once right after it starts (its watcher reports the module folder);
  // wait for that restart, so no request is lost in it.
  await new Promise((r) => setTimeout(r, 4_000));
  await waitForHttp(`http://127.0.0.1:${port}/`, 60_000);
  const pgid = /** @type {number} */ (child.pid);
  return {
    pgid,
    state,
    /** What it wrote to stderr so far (the last 64 KB), without colours. */
    stderr: () => stripVTControlCharacters(stderr),
    stop: () => killGroup(pgid),
    /** Stops it and resolves once no process of its group (wrangler, workerd) is left. */
    async stopAndWait() {
      killGroup(pgid);
      await waitForGroupGone(pgid, 15_000);
    },
  };
}

/**
 * A copy of wrangler.toml (as JSON, in a temporary folder, paths made absolute) whose `alias`
 * also maps each of `replace` (an import path as the source writes it) to a file of the bench:
 * the same Worker built without those modules. For `startWorker({ args: ["--config", path] })`;
 * `wrangler dev --alias` is ignored by wrangler 4.86.
 * @param {Record<string, string>} replace import path → file, relative to the repository
 */
export async function configWith(replace) {
  const { experimental_readRawConfig } = await import("wrangler");
  const { rawConfig } = experimental_readRawConfig({ config: join(root, "wrangler.toml") });
  /** @type {any} */
  const config = structuredClone(rawConfig);
  const abs = (/** @type {string} */ p) => (p.startsWith("/") ? p : join(root, p));
  config.main = abs(config.main);
  config.alias = Object.fromEntries(
    Object.entries({ ...config.alias, ...replace }).map(([k, v]) => [k, abs(v)]),
  );
  if (config.build) {
    config.build.cwd = root;
    if (config.build.watch_dir) config.build.watch_dir = abs(config.build.watch_dir);
  }
  for (const db of config.d1_databases ?? [])
    if (db.migrations_dir) db.migrations_dir = abs(db.migrations_dir);
  const path = join(mkdtempSync(join(tmpdir(), "mxub-bench-config-")), "wrangler.json");
  writeFileSync(path, JSON.stringify(config, null, 2));
  return path;
}

/** The matrix-appservice peer; installs its one dependency on first use, outside the main tree. */
export async function startPeer(/** @type {Record<string, string>} */ vars) {
  const dir = join(root, "bench/peer");
  if (!existsSync(join(dir, "node_modules/matrix-appservice"))) {
    console.log("installing the peer's matrix-appservice into bench/peer (first run only)…");
    const install = spawnSync(
      "npm",
      ["install", "--no-audit", "--no-fund", "--no-save", "--loglevel", "error"],
      {
        cwd: dir,
        stdio: "inherit",
      },
    );
    if (install.status !== 0) throw new Error("could not install matrix-appservice for the peer");
  }
  const child = spawn(process.execPath, [join(dir, "bot.mjs")], {
    cwd: dir,
    env: { ...process.env, ...vars },
    detached: true,
    stdio: ["ignore", "ignore", "inherit"],
  });
  await waitForHttp(`http://127.0.0.1:${vars.PORT}/health`, 30_000);
  return { pid: /** @type {number} */ (child.pid), stop: () => killGroup(child.pid) };
}

/**
 * Size of the Worker bundle as `wrangler deploy --dry-run` reports it (all modules: the script
 * and the crypto wasm), for wrangler.toml or another `config`.
 * @param {string} [config]
 */
export function bundleSize(config) {
  const dry = spawnSync(
    wrangler,
    [
      "deploy",
      "--dry-run",
      "--outdir",
      mkdtempSync(join(tmpdir(), "mxub-dry-")),
      ...(config ? ["--config", config] : []),
    ],
    {
      cwd: root,
      env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
      encoding: "utf8",
    },
  );
  const m = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(`${dry.stdout}${dry.stderr}`);
  return m
    ? { kib: Number(m[1]), gzipKib: Number(m[2]) }
    : { kib: Number.NaN, gzipKib: Number.NaN };
}

/** @param {number | undefined} pid */
function killGroup(pid) {
  if (!pid) return;
  try {
    process.kill(-pid, "SIGTERM");
  } catch {
    // already gone
  }
}

/** @param {number} pgid @param {number} ms */
async function waitForGroupGone(pgid, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  try {
    process.kill(-pgid, "SIGKILL");
  } catch {
    // gone at the last moment
  }
}

/** @param {number} port */
async function assertPortFree(port) {
  const server = createServer();
  await new Promise((resolve, reject) => {
    server.once("error", () =>
      reject(new Error(`port ${port} is in use: stop what listens there and run again`)),
    );
    server.listen(port, "127.0.0.1", () => server.close(resolve));
  });
}

/** @param {string} url @param {number} ms */
async function waitForHttp(url, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`${url} did not come up in ${ms} ms`);
}
