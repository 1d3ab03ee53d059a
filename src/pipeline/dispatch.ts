import { checkAccess, passesGate } from "../access/check";
import { lookupAccess } from "../access/lookup";
import type { ChargeRule } from "../access/statements";
import { isSudo } from "../access/store";
import { splitArgs } from "../commands/parse";
import type { CoreServices } from "../core/services";
import { txnIdSequence } from "../matrix/txn-id";
import { missingConfig } from "../modules/config";
import { type ContextDeps, createAnswers, createEventContext } from "../modules/context";
import { createLease, type Lease } from "../modules/lease";
import type { LoadedModule } from "../modules/registry";
import type { Runtime } from "../runtime";
import { EVERYONE, OWNER, type SecurityLevel } from "../sdk/levels";
import type { CoreSettings } from "../settings";
import type { Intent } from "./classify";
import { guarded } from "./guarded";
import { claimEvent, MAX_ATTEMPTS } from "./ledger";

export type Outcome = "done" | "skipped" | "given-up";

/** Filled in once the event is claimed: how many times handling it has been started. */
export interface Claim {
  attempts: number;
}

/**
 * Claims the event and loads the sender's access in one D1 batch (charging the rate limit only
 * when the bot would act for them), checks access, then runs the command or handlers, each
 * inside its own error boundary.
 */
export async function dispatch(
  rt: Runtime,
  settings: CoreSettings,
  intent: Intent,
  onSettingsChanged: () => void = () => {},
  claim: Claim = { attempts: 0 },
): Promise<Outcome> {
  const { event } = intent;
  const now = rt.now();
  const configured = (module: LoadedModule) =>
    missingConfig(module.manifest, settings).length === 0;
  const candidates =
    intent.kind === "command" || intent.kind === "unknown"
      ? []
      : intent.kind === "watchers"
        ? intent.matches.map((m) => m.watcher).filter((w) => configured(w.module))
        : intent.handlers.filter((h) => configured(h.module));
  const access = lookupAccess(rt.d1, rt.config, event.sender, now, chargeRule(intent, candidates));
  const results = await rt.d1.batch([claimEvent(rt.d1, event.event_id, now), ...access.statements]);
  const claimed = results[0]?.results[0] as { attempts?: number } | undefined;
  if (!claimed) return "skipped";
  claim.attempts = Number(claimed.attempts ?? 1);
  if (claim.attempts > MAX_ATTEMPTS) {
    rt.log.error(
      `gave up on event ${event.event_id} in ${event.room_id}: its handling failed or timed out ${MAX_ATTEMPTS} times`,
    );
    return "given-up";
  }
  const facts = access.decode(results.slice(1));
  if (facts.dropped > 0) {
    if (facts.dropped === 1)
      rt.log.warn(`rate limit: dropping messages from ${event.sender} for now`);
    return "done";
  }

  const txnIds = txnIdSequence(event.event_id);
  const answers = createAnswers(rt, event, txnIds);
  const deps = (module: LoadedModule, lease: Lease): ContextDeps => ({
    rt,
    settings,
    module,
    txnIds,
    lease,
    isSudo: (userId) =>
      userId === event.sender ? Promise.resolve(facts.isSudo) : isSudo(rt.d1, userId),
  });

  if (intent.kind === "unknown") {
    const p = settings.prefix;
    await answers.respond(
      intent.disabled
        ? `📦 | ${p}${intent.name} belongs to ${intent.disabled}, which is disabled: ${p}modules enable ${intent.disabled}`
        : `❓ | Unknown command ${p}${intent.name}. Try ${p}help`,
    );
    return "done";
  }

  if (intent.kind === "command") {
    const { command } = intent;
    if (!checkAccess(facts, command, now)) {
      rt.log.info(`denied ${command.name} to ${event.sender}`);
      return "done";
    }
    const missing = missingConfig(command.module.manifest, settings);
    if (missing.length > 0) {
      const how = missing
        .map((key) => `${settings.prefix}cfg ${command.module.name} ${key} <value>`)
        .join(", ");
      await answers.respond(`⚙️ | ${command.module.name} needs configuring first: ${how}`);
      return "done";
    }
    const lease = createLease();
    const ctx = createEventContext(deps(command.module, lease), event, {
      command: command.name,
      args: intent.args,
      argv: splitArgs(intent.args),
    });
    const core: CoreServices = { rt, settings, facts, settingsChanged: onSettingsChanged };
    await guarded(rt, settings, answers, command, lease, () => command.run(ctx, core));
    return "done";
  }

  if (intent.kind === "watchers") {
    for (const { watcher, match } of intent.matches) {
      if (!passesGate(facts, watcher.security) || !configured(watcher.module)) continue;
      const lease = createLease();
      const ctx = createEventContext(deps(watcher.module, lease), event, { match });
      await guarded(rt, settings, answers, watcher, lease, () => watcher.run(ctx));
    }
    return "done";
  }

  for (const handler of intent.handlers) {
    if (!passesGate(facts, handler.security) || !configured(handler.module)) continue;
    const lease = createLease();
    const ctx = createEventContext(deps(handler.module, lease), event, {});
    await guarded(rt, settings, answers, handler, lease, () => handler.run(ctx));
  }
  return "done";
}

/**
 * When the bot would act for this sender: a command they may run, or a watcher or handler that
 * would run for them. Messages the bot ignores cost nobody a token.
 */
function chargeRule(
  intent: Intent,
  candidates: readonly { security?: SecurityLevel }[],
): ChargeRule | null {
  if (intent.kind === "unknown") return null;
  if (intent.kind === "command") {
    const { command } = intent;
    if (command.security === OWNER) return null;
    if (command.security === EVERYONE) return { kind: "always" };
    return { kind: "granted", command: command.name, module: command.module.name };
  }
  if (candidates.some((c) => c.security === EVERYONE)) return { kind: "always" };
  if (candidates.some((c) => c.security !== OWNER)) return { kind: "sudo" };
  return null;
}
