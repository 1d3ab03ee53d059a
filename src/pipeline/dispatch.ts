import { checkAccess, passesGate } from "../access/check";
import { lookupAccess } from "../access/lookup";
import { isSudo } from "../access/store";
import { splitArgs } from "../commands/parse";
import type { CoreServices } from "../core/services";
import { txnIdSequence } from "../matrix/txn-id";
import { missingConfig } from "../modules/config";
import { type ContextDeps, createEventContext } from "../modules/context";
import type { LoadedModule } from "../modules/registry";
import type { Runtime } from "../runtime";
import type { CommandContext, EventContext } from "../sdk/types";
import type { CoreSettings } from "../settings";
import type { Intent } from "./classify";
import { guarded } from "./guarded";
import { claimEvent } from "./ledger";

export type Outcome = "done" | "skipped";

/**
 * Claims the event and loads the sender's access in one D1 batch, checks access, then runs
 * the command or handlers, each inside its own error boundary.
 */
export async function dispatch(
  rt: Runtime,
  settings: CoreSettings,
  intent: Intent,
  onSettingsChanged: () => void = () => {},
): Promise<Outcome> {
  const { event } = intent;
  const now = rt.now();
  const access = lookupAccess(rt.d1, rt.config, event.sender, now);
  const results = await rt.d1.batch([claimEvent(rt.d1, event.event_id, now), ...access.statements]);
  if ((results[0]?.results.length ?? 0) === 0) return "skipped";
  const facts = access.decode(results.slice(1));
  if (facts.dropped > 0) {
    if (facts.dropped === 1)
      rt.log.warn(`rate limit: dropping messages from ${event.sender} for now`);
    return "done";
  }

  const txnIds = txnIdSequence(event.event_id);
  const deps = (module: LoadedModule): ContextDeps => ({
    rt,
    settings,
    module,
    txnIds,
    isSudo: (userId) =>
      userId === event.sender ? Promise.resolve(facts.isSudo) : isSudo(rt.d1, userId),
  });

  if (intent.kind === "command") {
    const { command } = intent;
    if (!checkAccess(facts, command, now)) {
      rt.log.info(`denied ${command.name} to ${event.sender}`);
      return "done";
    }
    const ctx: CommandContext = {
      ...createEventContext(deps(command.module), event),
      command: command.name,
      args: intent.args,
      argv: Object.freeze(splitArgs(intent.args)),
    };
    const core: CoreServices = { rt, settings, facts, settingsChanged: onSettingsChanged };
    const missing = missingConfig(command.module.spec, settings);
    if (missing.length > 0) {
      const how = missing
        .map((key) => `${settings.prefix}cfg ${command.module.name} ${key} <value>`)
        .join(", ");
      await ctx.respond(`⚙️ | ${command.module.name} needs configuring first: ${how}`);
      return "done";
    }
    await guarded(rt, settings, ctx, command, () => command.run(ctx, core));
    return "done";
  }

  if (intent.kind === "watchers") {
    for (const { watcher, match } of intent.matches) {
      if (
        !passesGate(facts, watcher.security) ||
        missingConfig(watcher.module.spec, settings).length > 0
      )
        continue;
      const ctx = { ...createEventContext(deps(watcher.module), event), match };
      await guarded(rt, settings, ctx, watcher, () => watcher.run(ctx));
    }
    return "done";
  }

  for (const handler of intent.handlers) {
    if (
      !passesGate(facts, handler.security) ||
      missingConfig(handler.module.spec, settings).length > 0
    )
      continue;
    const ctx: EventContext = createEventContext(deps(handler.module), event);
    await guarded(rt, settings, ctx, handler, () => handler.run(ctx));
  }
  return "done";
}
