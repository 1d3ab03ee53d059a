// `npm start`: applies the local D1 migrations, then serves the Worker on 127.0.0.1
// (PORT, default 8787) with the scheduled handler at /__scheduled.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";

const wrangler = new URL("../node_modules/.bin/wrangler", import.meta.url).pathname;
const port = process.env.PORT || "8787";

reportSettings();

// Quiet unless it fails: wrangler prints its table and a confirmation it answers itself (CI=true).
const migrate = spawnSync(wrangler, ["d1", "migrations", "apply", "DB", "--local"], {
  encoding: "utf8",
  env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" },
});
if (migrate.status !== 0) {
  process.stderr.write(`${migrate.stdout}${migrate.stderr}`);
  process.exit(migrate.status ?? 1);
}
const applied = new Set(migrate.stdout.match(/\d{4}_\S+\.sql/g) ?? []).size;
console.log(`D1 (local): ${applied > 0 ? `${applied} migration(s) applied` : "up to date"}`);

// Its own process group, so stopping `npm start` also stops workerd.
const dev = spawn(wrangler, ["dev", "--ip", "127.0.0.1", "--port", port, "--test-scheduled"], {
  stdio: "inherit",
  detached: true,
  env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
});
const stop = () => {
  try {
    if (dev.pid) process.kill(-dev.pid, "SIGTERM");
  } catch {
    // already gone
  }
};
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, stop);
process.on("exit", stop);
dev.on("exit", (code) => process.exit(code ?? 0));

function reportSettings() {
  const vars = existsSync(".dev.vars") ? parseDotenv(readFileSync(".dev.vars", "utf8")) : null;
  const have = (/** @type {string} */ name) => Boolean(process.env[name] || vars?.[name]);
  const missing = ["HOMESERVER_URL", "MATRIX_USER_ID"].filter((n) => !have(n));
  const appservice = have("AS_TOKEN") && have("HS_TOKEN");
  if (!appservice && !have("MATRIX_ACCESS_TOKEN"))
    missing.push("AS_TOKEN + HS_TOKEN, or MATRIX_ACCESS_TOKEN");
  if (missing.length === 0) return;
  const where = vars ? "in .dev.vars" : "in a .dev.vars file (copy .dev.vars.example to .dev.vars)";
  console.warn(
    `\n⚠️  Settings missing: ${missing.join(", ")}.\n   Put them ${where}; until then the bot starts but answers 503 with the list of what is missing.\n`,
  );
}

/** @param {string} text */
function parseDotenv(text) {
  /** @type {Record<string, string>} */
  const out = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([A-Z0-9_]+)\s*=\s*(.*)$/.exec(line);
    if (m?.[1] && m[2] !== undefined && m[2].trim() !== "") out[m[1]] = m[2].trim();
  }
  return out;
}
