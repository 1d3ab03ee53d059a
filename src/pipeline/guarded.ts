import { describeError, redact } from "../log";
import { HomeserverError } from "../matrix/retry";
import type { Lease } from "../modules/lease";
import type { LoadedModule } from "../modules/registry";
import type { Runtime } from "../runtime";
import type { MessageInput } from "../sdk/types";
import type { CoreSettings } from "../settings";
import { TimeoutError, withTimeout } from "../timeout";
import { errorAnswer } from "./answers";

interface Source {
  module: LoadedModule;
  name?: string;
  usage?: string;
}

/** How the boundary answers: the core's own copies of sender and room, never the module's ctx. */
export interface Answerer {
  readonly sender: string;
  respond(content: MessageInput): Promise<unknown>;
}

export class HandlerTimeoutError extends TimeoutError {
  override readonly name = "HandlerTimeoutError";
}

/**
 * The error boundary around one handler. A user's mistake becomes a usage answer; a bug or a
 * handler that does not settle in time becomes an error answer and a log line, and the rest of
 * the transaction goes on. Only a homeserver that stays unreachable escapes, so the
 * transaction fails and is pushed again.
 */
export async function guarded(
  rt: Runtime,
  settings: CoreSettings,
  answer: Answerer,
  source: Source,
  lease: Lease,
  run: () => Promise<unknown>,
): Promise<void> {
  const what = source.name ? `${settings.prefix}${source.name}` : source.module.name;
  try {
    await withTimeout(
      run(),
      rt.config.moduleTimeoutMs,
      `${what} did not finish in time`,
      (m) => new HandlerTimeoutError(m),
    );
  } catch (error) {
    if (error instanceof HomeserverError && error.transient) throw error;
    const usage = errorAnswer(
      error,
      settings.prefix,
      source.name ? { name: source.name, usage: source.usage } : undefined,
    );
    if (usage) return void (await answer.respond(usage));
    rt.log.error(`${source.module.name}: ${what} failed: ${describeError(error)}`);
    // The cause, with module config values (API keys) masked as in the log room.
    const cause = redact(describeError(error), [...rt.journal.secrets]);
    const detail = rt.config.owners.has(answer.sender) ? `: ${cause}` : "";
    await answer.respond(`⚠️ | ${what} failed${detail}`);
  } finally {
    lease.revoke("the handler has finished or was abandoned");
  }
}
