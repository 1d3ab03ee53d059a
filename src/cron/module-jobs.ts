import { isSudo } from "../access/store";
import { describeError } from "../log";
import { txnIdSequence } from "../matrix/txn-id";
import { missingConfig } from "../modules/config";
import { createBaseContext } from "../modules/context";
import { claimEvent, markEventsDone } from "../pipeline/ledger";
import type { Runtime } from "../runtime";
import type { CoreSettings } from "../settings";

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
      missingConfig(job.module.spec, settings).length === 0,
  );
  let ran = 0;
  for (const job of due) {
    const runId = `cron:${job.module.name}:${job.index}:${minute}`;
    const claimed = await claimEvent(rt.d1, runId, rt.now()).all();
    if (claimed.results.length === 0) continue;
    const base = createBaseContext({
      rt,
      settings,
      module: job.module,
      txnIds: txnIdSequence(runId),
      isSudo: (userId) => isSudo(rt.d1, userId),
    });
    try {
      await job.run({ ...base, scheduledTime });
      ran++;
    } catch (error) {
      rt.log.error(
        `${job.module.name}: cron job ${job.index} (${job.schedule.source}) failed: ${describeError(error)}`,
      );
    }
    await markEventsDone(rt.d1, [runId]).run();
  }
  return ran;
}
