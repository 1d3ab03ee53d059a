import { isSudo } from "../access/store";
import { describeError } from "../log";
import { txnIdSequence } from "../matrix/txn-id";
import { missingConfig } from "../modules/config";
import { createBaseContext } from "../modules/context";
import { createLease } from "../modules/lease";
import { claimEvent, markEventsDone } from "../pipeline/ledger";
import type { Runtime } from "../runtime";
import type { CoreSettings } from "../settings";
import { withTimeout } from "../timeout";

/**
 * Runs the module cron jobs due in the minute of `scheduledTime`. Each run is claimed in the
 * dedupe ledger under the job and the minute, so overlapping invocations run it once, and its
 * sends get txnIds derived from the same name.
 */
export async function runModuleCronJobs(
  rt: Runtime,
  settings: CoreSettings,
  scheduledTime: number,
): Promise<number> {
  const minute = Math.floor(scheduledTime / 60_000) * 60_000;
  const due = rt.registry.cronJobs.filter(
    (job) =>
      job.schedule.matches(minute) &&
      !settings.disabledModules.has(job.module.name) &&
      missingConfig(job.module.manifest, settings).length === 0,
  );
  let ran = 0;
  for (const job of due) {
    const runId = `cron:${job.module.name}:${job.index}:${minute}`;
    const claimed = await claimEvent(rt.d1, runId, rt.now()).all();
    if (claimed.results.length === 0) continue;
    const lease = createLease();
    const base = createBaseContext({
      rt,
      settings,
      module: job.module,
      txnIds: txnIdSequence(runId),
      isSudo: (userId) => isSudo(rt.d1, userId),
      lease,
    });
    const what = `${job.module.name}: cron job ${job.index} (${job.schedule.source})`;
    try {
      await withTimeout(
        job.run(Object.freeze({ ...base, scheduledTime })),
        rt.config.moduleTimeoutMs,
        `${what} did not finish in time`,
      );
      ran++;
    } catch (error) {
      rt.log.error(`${what} failed: ${describeError(error)}`);
    } finally {
      lease.revoke("the cron job has finished or was abandoned");
    }
    await markEventsDone(rt.d1, [runId]).run();
  }
  return ran;
}
