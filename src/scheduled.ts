import { type Config, loadConfig } from "./config";
import { runModuleCronJobs } from "./cron/module-jobs";
import { sendTsecExpiryNotices } from "./cron/tsec-expiry";
import { e2eeOff } from "./crypto/client";
import type { Env } from "./env";
import { createLogger, describeError } from "./log";
import { finishLog } from "./logroom/flush";
import { refusedReport } from "./logroom/refused";
import { pruneLines } from "./logroom/statements";
import type { Registry } from "./modules/registry";
import { pruneLedger } from "./pipeline/ledger";
import { createRuntime, type Runtime } from "./runtime";
import { loadSettings } from "./settings";
import { runSync } from "./sync/run";

/**
 * The Cron Trigger (every minute): tsec expiry notices, module cron jobs, the sync loop (sync
 * mode), housekeeping, then the log room. Each job has its own
 * error boundary, so one failing job does not stop the others.
 */
export async function runScheduled(controller: ScheduledController, env: Env): Promise<void> {
  const result = loadConfig(env);
  if (!result.ok) {
    createLogger("cron").error(`not configured: ${result.problems.join("; ")}`);
    return;
  }
  const rt = createRuntime(env, result.config);
  const now = controller.scheduledTime;
  try {
    await runJobs(rt, env, result.config, now);
  } finally {
    // This run's lines, refused modules (once per list) and lines the log room's rate held back.
    const registry = loadedRegistry(rt);
    const refused = registry ? await refusedReport(rt.d1, registry, now) : [];
    await finishLog(rt, { claim: true, before: refused, now });
  }
}

function loadedRegistry(rt: Runtime): Registry | undefined {
  try {
    return rt.registry;
  } catch {
    return undefined;
  }
}

async function runJobs(rt: Runtime, env: Env, config: Config, now: number): Promise<void> {
  if (!e2eeNoticeGiven) {
    e2eeNoticeGiven = true;
    const off = e2eeOff(env, config);
    if (off) rt.log.info(`encrypted rooms are off: ${off}`);
  }
  try {
    const settings = await loadSettings(rt.d1, rt.config);
    rt.journal.mask(settings.moduleConfig.values());
    await rt.ready(settings.modulesRev);
  } catch (error) {
    rt.log.error(`modules could not be loaded: ${describeError(error)}`);
    return;
  }
  await job(rt, "tsec expiry", async () => {
    const { sent, kept } = await sendTsecExpiryNotices(rt, now);
    if (sent + kept > 0)
      rt.log.info(`tsec expiry: ${sent} notice(s) sent, ${kept} kept for the next run`);
  });
  await job(rt, "module cron", async () => {
    await runModuleCronJobs(rt, await loadSettings(rt.d1, rt.config), now);
  });
  if (config.modes.includes("sync")) {
    await job(rt, "sync", () => runSync(env, config, now, rt));
  }
  await job(rt, "housekeeping", () =>
    rt.d1.batch([
      ...pruneLedger(rt.d1, now),
      rt.d1.prepare("DELETE FROM rate_limits WHERE updated_at < ?").bind(now - 86_400_000),
      rt.d1.prepare("DELETE FROM audit_log WHERE at < ?").bind(now - AUDIT_RETENTION_MS),
      pruneLines(rt.d1),
    ]),
  );
}

let e2eeNoticeGiven = false;

/** The audit log keeps a quarter of a year. */
const AUDIT_RETENTION_MS = 90 * 86_400_000;

async function job(rt: Runtime, name: string, run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (error) {
    rt.log.error(`${name} failed: ${describeError(error)}`);
  }
}
