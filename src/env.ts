/**
 * The Worker's env: the bindings `wrangler types` generates (worker-configuration.d.ts) plus
 * the settings, which are optional here because `loadConfig` checks them and says what is missing.
 */
export { SETTING_NAMES } from "./setting-names";

export interface Settings {
  HOMESERVER_URL?: string;
  MATRIX_USER_ID?: string;
  AS_TOKEN?: string;
  HS_TOKEN?: string;
  MATRIX_ACCESS_TOKEN?: string;
  OWNERS?: string;
  COMMAND_PREFIX?: string;
  RATE_LIMIT_BURST?: string;
  RATE_LIMIT_PER_MINUTE?: string;
  /** Sync mode: how long one cron invocation keeps long-polling /sync (seconds). */
  SYNC_BUDGET_SECONDS?: string;
  /** "1": count D1 round trips per transaction into an `x-d1-round-trips` header (benchmark). */
  BENCH_COUNT_D1?: string;
  /** How long a module handler may take before it is abandoned with an error answer (seconds). */
  MODULE_TIMEOUT_SECONDS?: string;
  /** auto (default) | sandbox | shared: where community modules run. */
  MODULE_ISOLATION?: string;
  /** "true" (local runs and tests only): also accept http://127.0.0.1 and localhost module URLs. */
  ALLOW_LOOPBACK_SOURCES?: string;
  /** The secret that seals the E2EE device's store at rest; without it encrypted rooms are off. */
  CRYPTO_STORE_KEY?: string;
  /** Base delay of the homeserver retry backoff (tests make it short). */
  MATRIX_RETRY_BASE_MS?: string;
  /** The Worker's public address (https://…): where the dashboard links of `.web` point. */
  PUBLIC_URL?: string;
}

/** LOADER is absent on the Workers Free plan (the shared runner is used then). */
export type Env = Omit<Cloudflare.Env, "LOADER"> & { LOADER?: WorkerLoader } & Settings;

// Every name in SETTING_NAMES is a setting, and every setting is in SETTING_NAMES.
type Listed = typeof import("./setting-names").SETTING_NAMES[number];
type SettingNamesComplete = [
  Exclude<keyof Settings, Listed>,
  Exclude<Listed, keyof Settings>,
] extends [never, never]
  ? true
  : never;
const settingNamesComplete: SettingNamesComplete = true;
void settingNamesComplete;
