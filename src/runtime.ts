import type { Config } from "./config";
import { e2eeDevice } from "./crypto/client";
import { createDatabase, type Database } from "./db/client";
import type { Env } from "./env";
import { createLogger, type Logger } from "./log";
import { Journal } from "./logroom/journal";
import { MatrixClient } from "./matrix/client";
import { defaultPolicy } from "./matrix/retry";
import { loadRegistry } from "./modules/host";
import type { Registry } from "./modules/registry";

/** Everything one invocation needs, built from `env` and the settings. */
export interface Runtime {
  readonly env: Env;
  readonly config: Config;
  readonly d1: D1Database;
  readonly db: Database;
  readonly matrix: MatrixClient;
  /** The modules; available once `ready` has resolved. */
  readonly registry: Registry;
  /**
   * Loads (or reuses) the registry for `modulesRev`, the setting that changes when modules are
   * installed from chat; without it, whatever registry this runtime already has.
   */
  ready(modulesRev?: string): Promise<Registry>;
  readonly log: Logger;
  /** This invocation's warnings and errors, for `.logs` and the log room (see logroom/flush). */
  readonly journal: Journal;
  now(): number;
}

/**
 * @param fixed a registry to use whatever the settings say (tests give their own modules)
 */
export function createRuntime(env: Env, config: Config, fixed?: Registry): Runtime {
  const journal = new Journal(() => Date.now());
  const log = createLogger(
    "mxuserbot",
    [config.asToken, config.hsToken, config.accessToken, env.CRYPTO_STORE_KEY],
    journal,
  );
  const masquerade = config.asToken !== undefined;
  const device = e2eeDevice(env, config);
  const matrix = new MatrixClient({
    baseUrl: config.homeserverUrl,
    // Sends always go out under one token, so derived txnIds dedupe across push and sync.
    accessToken: (config.asToken ?? config.accessToken) as string,
    userId: config.userId,
    masquerade,
    retry: defaultPolicy(config.retryBaseMs),
    encrypt: device ? (roomId, type, content) => device.encrypt(roomId, type, content) : undefined,
  });
  let registry: Registry | undefined = fixed;
  return {
    env,
    config,
    d1: env.DB,
    db: createDatabase(env.DB),
    matrix,
    get registry(): Registry {
      if (!registry) throw new Error("the module registry is not loaded yet (await rt.ready())");
      return registry;
    },
    async ready(modulesRev) {
      if (fixed) return fixed;
      if (registry && (modulesRev === undefined || registry.rev === modulesRev)) return registry;
      registry = await loadRegistry(env, config, modulesRev ?? "");
      return registry;
    },
    log,
    journal,
    now: () => Date.now(),
  };
}

/** The same runtime over another D1 handle (the benchmark's counting wrapper). */
export function withD1(rt: Runtime, d1: D1Database): Runtime {
  return Object.create(rt, {
    d1: { value: d1 },
    db: { value: createDatabase(d1) },
  }) as Runtime;
}
