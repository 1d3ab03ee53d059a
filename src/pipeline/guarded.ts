import { describeError } from "../log";
import { HomeserverError } from "../matrix/retry";
import type { LoadedModule } from "../modules/registry";
import type { Runtime } from "../runtime";
import type { EventContext } from "../sdk/types";
import { UsageError } from "../sdk/usage-error";
import type { CoreSettings } from "../settings";

interface Source {
  module: LoadedModule;
  name?: string;
  usage?: string;
}

/**
 * The error boundary around one handler. A user's mistake becomes a usage answer; a bug
 * becomes an error answer and a log line, and the rest of the transaction goes on. Only a
 * homeserver that stays unreachable escapes, so the transaction fails and is pushed again.
 */
export async function guarded(
  rt: Runtime,
  settings: CoreSettings,
  ctx: EventContext,
  source: Source,
  run: () => unknown,
): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (error instanceof HomeserverError && error.transient) throw error;
    const what = source.name ? `${settings.prefix}${source.name}` : source.module.name;
    if (error instanceof UsageError) {
      const usage = source.name
        ? `\nUsage: ${settings.prefix}${source.name}${source.usage ? ` ${source.usage}` : ""}`
        : "";
      await ctx.respond(`❌ | ${error.message}${usage}`);
      return;
    }
    rt.log.error(`${source.module.name}: ${what} failed: ${describeError(error)}`);
    const detail = rt.config.owners.has(ctx.sender) ? `: ${describeError(error)}` : "";
    await ctx.respond(`⚠️ | ${what} failed${detail}`);
  }
}
