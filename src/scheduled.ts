import { loadConfig } from "./config";
import { runModuleCronJobs } from "./cron/module-jobs";
import { sendTsecExpiryNotices } from "./cron/tsec-expiry";
import { e2eeOff } from "./crypto/client";
import type { Env } from "./env";
import { createLogger, describeError } from "./log";
import { pruneLedger } from "./pipeline/ledger";
import { createRuntime, type Runtime } from "./runtime";
import { loadSettings } from "./settings";
import { runSync } from "./sync/run";

/**
 * The Cron Trigger (every minute): tsec expiry notices, module cron jobs, the sync loop (sync
 * mode), housekeeping. Each job has its own
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
  if (!e2eeNoticeGiven) {
    e2eeNoticeGiven = true;
    const off = e2eeOff(env, result.config);
    if (off) rt.log.info(`encrypted rooms are off: ${off}`);
  }
  try {
    await rt.ready((await loadSettings(rt.d1, rt.config)).modulesRev);
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
  if (result.config.modes.includes("sync")) {
    await job(rt, "sync", () => runSync(env, result.config, now, rt));
  }
  await job(rt, "housekeeping", () =>
    rt.d1.batch([
      ...pruneLedger(rt.d1, now),
      rt.d1.prepare("DELETE FROM rate_limits WHERE updated_at < ?").bind(now - 86_400_000),
      rt.d1.prepare("DELETE FROM audit_log WHERE at < ?").bind(now - AUDIT_RETENTION_MS),
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
