import type { Config } from "./config";
import { coreModules } from "./core";
import { createDatabase, type Database } from "./db/client";
import type { Env } from "./env";
import { createLogger, type Logger } from "./log";
import { MatrixClient } from "./matrix/client";
import { defaultPolicy } from "./matrix/retry";
import { communityModules, refusedModules } from "./modules/generated";
import { buildRegistry, type Registry } from "./modules/registry";

/** Everything one invocation needs, built from `env` and the settings. */
export interface Runtime {
  readonly config: Config;
  readonly d1: D1Database;
  readonly db: Database;
  readonly matrix: MatrixClient;
  readonly registry: Registry;
  readonly log: Logger;
  now(): number;
}

let registry: Registry | undefined;

/** The module registry is the same for every request of an isolate, so it is built once. */
export function getRegistry(): Registry {
  registry ??= buildRegistry(coreModules, communityModules, refusedModules);
  return registry;
}

export function createRuntime(
  env: Env,
  config: Config,
  registry: Registry = getRegistry(),
): Runtime {
  const log = createLogger("mxuserbot", [config.asToken, config.hsToken, config.accessToken]);
  const masquerade = config.asToken !== undefined;
  const matrix = new MatrixClient({
    baseUrl: config.homeserverUrl,
    // Sends always go out under one token, so derived txnIds dedupe across push and sync.
    accessToken: (config.asToken ?? config.accessToken) as string,
    userId: config.userId,
    masquerade,
    retry: defaultPolicy(config.retryBaseMs),
  });
  return {
    config,
    d1: env.DB,
    db: createDatabase(env.DB),
    matrix,
    registry,
    log,
    now: () => Date.now(),
  };
}

/** The same runtime over another D1 handle (the benchmark's counting wrapper). */
export function withD1(rt: Runtime, d1: D1Database): Runtime {
  return { ...rt, d1, db: createDatabase(d1) };
}
