import type { Config } from "./config";

/** Core settings kept in D1 (`settings` table), changed at run time by owner commands. */
export interface CoreSettings {
  prefix: string;
  disabledModules: ReadonlySet<string>;
  /** Module config values set with `.cfg`, by module name. */
  moduleConfig: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
  /** Changes whenever an installed module is added, updated or removed. */
  modulesRev: string;
}

export const SETTING_PREFIX = "prefix";
export const SETTING_DISABLED = "disabled_modules";
export const SETTING_CONFIG = "config:";
export const SETTING_MODULES_REV = "modules_rev";

export function decodeSettings(
  rows: readonly { key: string; value: string }[],
  config: Config,
): CoreSettings {
  const values = new Map<string, unknown>();
  for (const row of rows) {
    try {
      values.set(row.key, JSON.parse(row.value));
    } catch {
      // A hand-edited bad row falls back to the default rather than stopping the bot.
    }
  }
  const prefix = values.get(SETTING_PREFIX);
  const disabled = values.get(SETTING_DISABLED);
  const moduleConfig = new Map<string, Record<string, unknown>>();
  for (const [key, value] of values) {
    if (key.startsWith(SETTING_CONFIG) && typeof value === "object" && value !== null) {
      moduleConfig.set(key.slice(SETTING_CONFIG.length), value as Record<string, unknown>);
    }
  }
  return {
    prefix: typeof prefix === "string" && prefix.length > 0 ? prefix : config.defaultPrefix,
    disabledModules: new Set(
      Array.isArray(disabled) ? disabled.filter((d) => typeof d === "string") : [],
    ),
    moduleConfig,
    modulesRev: String(values.get(SETTING_MODULES_REV) ?? ""),
  };
}

/** Reads the core settings: one D1 round trip (the transaction path batches the same query). */
export async function loadSettings(d1: D1Database, config: Config): Promise<CoreSettings> {
  const rows = await d1.prepare(SELECT_SETTINGS).all<{ key: string; value: string }>();
  return decodeSettings(rows.results, config);
}

export const SELECT_SETTINGS = "SELECT key, value FROM settings";
