import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
 * `wrangler dev` on local D1 (its own state folder), in its own process group.
 * @param {{ port: number, vars: Record<string, string>, inspectorPort?: number }} opts
 */
export async function startWorker({ port, vars, inspectorPort }) {
  const state = mkdtempSync(join(tmpdir(), "mxub-bench-d1-"));
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
  for (const [k, v] of Object.entries(vars)) args.push("--var", `${k}:${v}`);
  const child = spawn(wrangler, args, {
    cwd: root,
    env,
    detached: true,
    stdio: ["ignore", process.env.BENCH_VERBOSE ? "inherit" : "ignore", "inherit"],
  });
  await waitForHttp(`http://127.0.0.1:${port}/`, 60_000);
  // wrangler dev rebuilds once right after it starts (its watcher reports the module folder);
  // wait for that restart, so no request is lost in it.
  await new Promise((r) => setTimeout(r, 4_000));
  await waitForHttp(`http://127.0.0.1:${port}/`, 60_000);
  const pgid = /** @type {number} */ (child.pid);
  return {
    pgid,
    stop: () => killGroup(pgid),
    /** Stops it and resolves once no process of its group (wrangler, workerd) is left. */
    async stopAndWait() {
      killGroup(pgid);
      await waitForGroupGone(pgid, 15_000);
    },
  };
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

/** Size of the Worker bundle as `wrangler deploy --dry-run` reports it. */
export function bundleSize() {
  const dry = spawnSync(
    wrangler,
    ["deploy", "--dry-run", "--outdir", mkdtempSync(join(tmpdir(), "mxub-dry-"))],
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
