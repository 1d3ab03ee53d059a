import { modPermStore, sudoStore, tsecStore } from "../access/store";
import { configValue, missingConfig } from "../modules/config";
import { sandboxUnavailable } from "../modules/host";
import { listInstalled } from "../modules/installed";
import type { Runtime } from "../runtime";
import type { CoreSettings } from "../settings";
import type { AccessView } from "./pages/access";
import type { AuditView } from "./pages/audit";
import type { ModulesView } from "./pages/modules";
import { HIDDEN, looksSecret, maskAuditDetail } from "./secrets";

/** The modules page: what is loaded (with config), installed, refused. */
export async function modulesView(rt: Runtime, settings: CoreSettings): Promise<ModulesView> {
  const installed = await listInstalled(rt.d1);
  const modules = rt.registry.modules
    .filter((m) => !m.trusted)
    .map(({ name, manifest }) => ({
      name,
      version: manifest.version,
      description: manifest.description,
      disabled: settings.disabledModules.has(name),
      missing: missingConfig(manifest, settings),
      config: manifest.config.map((option) => {
        const value = configValue(manifest, settings, option.key);
        const shown =
          value === undefined
            ? "not set"
            : looksSecret(option.key)
              ? HIDDEN
              : JSON.stringify(value);
        return {
          key: option.key,
          shown,
          description: option.description,
          required: option.required,
        };
      }),
    }));
  return {
    modules,
    installed: installed.map((m) => ({
      name: m.name,
      version: m.version,
      url: m.url,
      sha256: m.sha256,
      at: m.installedAt,
    })),
    refused: rt.registry.refused.map((r) => ({
      name: r.name ?? r.file,
      file: r.file,
      reasons: r.reasons,
    })),
    installBlocked: sandboxUnavailable(rt.env, rt.config),
  };
}

/** The access page: sudos, module grants and live tsec grants. */
export async function accessView(rt: Runtime, settings: CoreSettings): Promise<AccessView> {
  const now = rt.now();
  const [sudos, grants, tsec] = await Promise.all([
    sudoStore.list(rt.db),
    modPermStore.list(rt.db),
    tsecStore.live(rt.db, now),
  ]);
  return {
    now,
    prefix: settings.prefix,
    sudos: sudos.map((s) => ({ userId: s.userId, addedBy: s.addedBy, addedAt: s.addedAt })),
    grants: grants.map((g) => ({ userId: g.userId, target: g.target, kind: g.kind })),
    tsec: tsec.map((t) => ({ userId: t.userId, command: t.command, expiresAt: t.expiresAt })),
  };
}

const AUDIT_LIMIT = 100;

/** The audit page: the latest entries, by who and what kind (`sudo`, `modules`, …) if asked. */
export async function auditView(
  d1: D1Database,
  filter: { actor: string; kind: string },
): Promise<AuditView> {
  const [entries, actors, kinds] = await d1.batch<Record<string, unknown>>([
    d1
      .prepare(
        `SELECT at, actor, action, target, detail, event_id FROM audit_log
         WHERE (?1 = '' OR actor = ?1) AND (?2 = '' OR action = ?2 OR substr(action, 1, length(?2) + 1) = ?2 || '.')
         ORDER BY id DESC LIMIT ?3`,
      )
      .bind(filter.actor, filter.kind, AUDIT_LIMIT),
    d1.prepare("SELECT DISTINCT actor FROM audit_log ORDER BY actor"),
    d1.prepare(
      "SELECT DISTINCT CASE WHEN instr(action, '.') > 0 THEN substr(action, 1, instr(action, '.') - 1) ELSE action END AS kind FROM audit_log ORDER BY kind",
    ),
  ]);
  return {
    entries: (entries?.results ?? []).map((r) => ({
      at: Number(r.at),
      actor: String(r.actor),
      action: String(r.action),
      target: (r.target as string | null) ?? null,
      detail: maskAuditDetail(String(r.action), (r.detail as string | null) ?? null),
      eventId: (r.event_id as string | null) ?? null,
    })),
    actors: (actors?.results ?? []).map((r) => String(r.actor)),
    kinds: (kinds?.results ?? []).map((r) => String(r.kind)),
    filter,
    limit: AUDIT_LIMIT,
  };
}
