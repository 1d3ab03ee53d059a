import pkg from "../../package.json";
import { e2eeOff } from "../crypto/client";
import { describeError } from "../log";
import { isolationOf } from "../modules/host";
import type { Runtime } from "../runtime";
import type { CoreSettings } from "../settings";

const HOMESERVER_TIMEOUT_MS = 3_000;

export interface StatusFacts {
  version: string;
  modes: string[];
  runner: string;
  encryptedRooms: string;
  prefix: string;
  homeserver: { url: string; reachable: boolean; detail: string };
  sync: { nextBatch: string | null; updatedAt: number | null; stopped: string | null } | null;
  loaded: { name: string; version?: string; disabled: boolean }[];
  refused: { name: string; reasons: string[] }[];
  errors: { at: number; text: string }[];
}

/** What the status page shows: the bot's setup, and whether it is working. */
export async function statusFacts(rt: Runtime, settings: CoreSettings): Promise<StatusFacts> {
  const [homeserver, [syncRows, errorRows]] = await Promise.all([
    probeHomeserver(rt.config.homeserverUrl),
    rt.d1.batch<Record<string, unknown>>([
      rt.d1.prepare(
        "SELECT next_batch, updated_at, stopped_reason FROM sync_state WHERE id = 'main'",
      ),
      rt.d1.prepare(
        "SELECT at, text FROM log_lines WHERE level = 'error' AND text IS NOT NULL ORDER BY id DESC LIMIT 5",
      ),
    ]),
  ]);
  const sync = syncRows?.results[0];
  const community = rt.registry.modules.filter((m) => !m.trusted);
  return {
    version: pkg.version,
    modes: rt.config.modes,
    runner:
      isolationOf(rt.env, rt.config) === "sandbox"
        ? "sandbox: each module in its own isolate"
        : "shared: modules run in the core's isolate",
    encryptedRooms: encryptedRooms(e2eeOff(rt.env, rt.config)),
    prefix: settings.prefix,
    homeserver,
    sync: rt.config.modes.includes("sync")
      ? {
          nextBatch: (sync?.next_batch as string | null) ?? null,
          updatedAt: (sync?.updated_at as number | null) ?? null,
          stopped: (sync?.stopped_reason as string | null) ?? null,
        }
      : null,
    loaded: community.map((m) => ({
      name: m.name,
      version: m.manifest.version,
      disabled: settings.disabledModules.has(m.name),
    })),
    refused: rt.registry.refused.map((r) => ({ name: r.name ?? r.file, reasons: r.reasons })),
    errors: (errorRows?.results ?? []).map((r) => ({ at: Number(r.at), text: String(r.text) })),
  };
}

/** The homeserver's public `/versions`: no token is sent, so none can leak. */
async function probeHomeserver(url: string): Promise<StatusFacts["homeserver"]> {
  try {
    const response = await fetch(`${url}/_matrix/client/versions`, {
      signal: AbortSignal.timeout(HOMESERVER_TIMEOUT_MS),
    });
    if (!response.ok) return { url, reachable: false, detail: `answered ${response.status}` };
    const body = (await response.json()) as { versions?: unknown };
    const versions = Array.isArray(body.versions) ? body.versions.slice(-1).join("") : "";
    return {
      url,
      reachable: true,
      detail: versions ? `reachable (spec ${versions})` : "reachable",
    };
  } catch (error) {
    return { url, reachable: false, detail: `unreachable: ${describeError(error)}` };
  }
}

const encryptedRooms = (off: string | null) => (off === null ? "on" : `off: ${off}`);
