import type { Env } from "./env";

export const MXID = /^@[^:\s]+:\S+$/;

export type Mode = "appservice" | "sync";

export interface Config {
  homeserverUrl: string;
  userId: string;
  /** Tokens stay in here and in the Matrix client; nothing else reads them. */
  asToken?: string;
  hsToken?: string;
  accessToken?: string;
  modes: Mode[];
  owners: ReadonlySet<string>;
  defaultPrefix: string;
  rateLimit: { burst: number; perMinute: number };
  retryBaseMs: number;
  /** Sync mode: how long one invocation keeps reading /sync (ms). */
  syncBudgetMs: number;
  /** A module handler that has not settled after this long is abandoned (ms). */
  moduleTimeoutMs: number;
  /** Where community modules run: `auto` picks the sandbox when the Worker Loader is bound. */
  moduleIsolation: "auto" | "sandbox" | "shared";
  /** Local runs and tests: module and repository URLs on 127.0.0.1/localhost over http too. */
  allowLoopbackSources: boolean;
  /** The Worker's public origin (`PUBLIC_URL`), for the dashboard's login links; unset: none. */
  publicUrl?: string;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

const cache = new WeakMap<Env, ConfigResult>();

/** Reads and checks the settings once per `env` object. */
export function loadConfig(env: Env): ConfigResult {
  let result = cache.get(env);
  if (!result) {
    result = parseConfig(env);
    cache.set(env, result);
  }
  return result;
}

function parseConfig(env: Env): ConfigResult {
  const problems: string[] = [];
  const homeserverUrl = env.HOMESERVER_URL?.trim().replace(/\/+$/, "") ?? "";
  if (!homeserverUrl) problems.push("HOMESERVER_URL is not set (e.g. https://matrix.example.org)");
  else if (!/^https?:\/\/[^/\s]+/.test(homeserverUrl))
    problems.push("HOMESERVER_URL must be an http(s) URL");

  const userId = env.MATRIX_USER_ID?.trim() ?? "";
  if (!userId) problems.push("MATRIX_USER_ID is not set (the bot account, e.g. @me:example.org)");
  else if (!MXID.test(userId))
    problems.push(`MATRIX_USER_ID "${userId}" is not a Matrix ID like @me:example.org`);

  const asToken = env.AS_TOKEN?.trim() || undefined;
  const hsToken = env.HS_TOKEN?.trim() || undefined;
  const accessToken = env.MATRIX_ACCESS_TOKEN?.trim() || undefined;
  const modes: Mode[] = [];
  if (asToken && hsToken) modes.push("appservice");
  else if (asToken || hsToken) problems.push("appservice mode needs both AS_TOKEN and HS_TOKEN");
  if (accessToken) modes.push("sync");
  if (modes.length === 0 && !asToken && !hsToken) {
    problems.push("set AS_TOKEN and HS_TOKEN (appservice mode) or MATRIX_ACCESS_TOKEN (sync mode)");
  }

  const owners = new Set<string>(userId ? [userId] : []);
  for (const owner of (env.OWNERS ?? "").split(/[\s,]+/).filter(Boolean)) {
    if (MXID.test(owner)) owners.add(owner);
    else problems.push(`OWNERS holds "${owner}", which is not a Matrix ID`);
  }

  const defaultPrefix = env.COMMAND_PREFIX?.trim() || ".";
  if ([...defaultPrefix].length !== 1 || /[\p{L}\p{N}\s]/u.test(defaultPrefix)) {
    problems.push("COMMAND_PREFIX must be one character that is not a letter, digit or space");
  }

  const burst = positiveNumber(env.RATE_LIMIT_BURST, 5, "RATE_LIMIT_BURST", problems);
  const perMinute = positiveNumber(
    env.RATE_LIMIT_PER_MINUTE,
    10,
    "RATE_LIMIT_PER_MINUTE",
    problems,
  );
  const retryBaseMs = positiveNumber(
    env.MATRIX_RETRY_BASE_MS,
    500,
    "MATRIX_RETRY_BASE_MS",
    problems,
  );
  const syncBudget = positiveNumber(env.SYNC_BUDGET_SECONDS, 50, "SYNC_BUDGET_SECONDS", problems);
  if (syncBudget > 600)
    problems.push("SYNC_BUDGET_SECONDS must be at most 600 (a Cron Trigger may run 15 minutes)");

  const moduleTimeout = positiveNumber(
    env.MODULE_TIMEOUT_SECONDS,
    15,
    "MODULE_TIMEOUT_SECONDS",
    problems,
  );

  const isolation = (env.MODULE_ISOLATION?.trim() || "auto").toLowerCase();
  if (isolation !== "auto" && isolation !== "sandbox" && isolation !== "shared")
    problems.push(`MODULE_ISOLATION must be auto, sandbox or shared, not "${isolation}"`);

  const publicUrl = parsePublicUrl(env.PUBLIC_URL, problems);

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    config: {
      homeserverUrl,
      userId,
      asToken,
      hsToken,
      accessToken,
      modes,
      owners,
      defaultPrefix,
      rateLimit: { burst, perMinute },
      retryBaseMs,
      syncBudgetMs: syncBudget * 1000,
      moduleTimeoutMs: moduleTimeout * 1000,
      moduleIsolation: isolation as Config["moduleIsolation"],
      allowLoopbackSources: env.ALLOW_LOOPBACK_SOURCES?.trim().toLowerCase() === "true",
      publicUrl,
    },
  };
}

function positiveNumber(
  raw: string | undefined,
  fallback: number,
  name: string,
  problems: string[],
): number {
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (Number.isFinite(value) && value > 0) return value;
  problems.push(`${name} must be a positive number, not "${raw}"`);
  return fallback;
}

/** An https origin (a path is dropped); http only on loopback, where browsers keep Secure cookies. */
function parsePublicUrl(raw: string | undefined, problems: string[]): string | undefined {
  const text = raw?.trim();
  if (!text) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    // reported below
  }
  const loopback = url?.hostname === "127.0.0.1" || url?.hostname === "localhost";
  if (!url || !(url.protocol === "https:" || (url.protocol === "http:" && loopback))) {
    problems.push(
      `PUBLIC_URL must be the Worker's https address, e.g. https://mxuserbot.you.workers.dev, not "${text}"`,
    );
    return undefined;
  }
  return url.origin;
}
