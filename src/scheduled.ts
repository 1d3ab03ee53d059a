import { loadConfig } from "./config";
import type { Env } from "./env";
import { createLogger, describeError } from "./log";
import { pruneLedger } from "./pipeline/ledger";
import { createRuntime } from "./runtime";

/** The Cron Trigger: housekeeping now; expiry notices, module cron jobs and sync build on it. */
export async function runScheduled(controller: ScheduledController, env: Env): Promise<void> {
  const result = loadConfig(env);
  if (!result.ok) {
    createLogger("cron").error(`not configured: ${result.problems.join("; ")}`);
    return;
  }
  const rt = createRuntime(env, result.config);
  try {
    await rt.d1.batch(pruneLedger(rt.d1, controller.scheduledTime));
  } catch (error) {
    rt.log.error(`housekeeping failed: ${describeError(error)}`);
  }
}
