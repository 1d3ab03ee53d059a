/** Every setting's name: tests set each one, so nothing leaks in from a developer's .dev.vars. */
export const SETTING_NAMES = [
  "HOMESERVER_URL",
  "MATRIX_USER_ID",
  "AS_TOKEN",
  "HS_TOKEN",
  "MATRIX_ACCESS_TOKEN",
  "OWNERS",
  "COMMAND_PREFIX",
  "RATE_LIMIT_BURST",
  "RATE_LIMIT_PER_MINUTE",
  "SYNC_BUDGET_SECONDS",
  "BENCH_COUNT_D1",
  "MODULE_TIMEOUT_SECONDS",
  "MODULE_ISOLATION",
  "ALLOW_LOOPBACK_SOURCES",
  "CRYPTO_STORE_KEY",
  "MATRIX_RETRY_BASE_MS",
] as const;
