/**
 * What the SDK hands a module, as data the module scan can read: the value exports of
 * "mxuserbot" and, for each object a module gets (`ctx` and what hangs off it), its members.
 * The scan refuses a read of anything else (`ctx.env`, `ctx.matrix.getAccessToken()`) as a probe.
 *
 * The types in ./types.ts and ./index.ts are the source of truth: the checks at the bottom of
 * this file fail `npm run typecheck` when a list here and the types disagree, in either
 * direction, so a member added to the SDK's types must be added here too.
 */
import type * as Sdk from "./index";
import type {
  BaseContext,
  CommandContext,
  CronContext,
  EventContext,
  ModuleDb,
  ModuleLog,
  ModuleMatrix,
  WatcherContext,
} from "./types";

/** The names a module may import from "mxuserbot" as values (types are erased before the scan). */
export const SDK_VALUE_EXPORTS = [
  "defineModule",
  "EVERYONE",
  "OWNER",
  "SUDO",
  "UsageError",
  "__mxKey",
] as const;

/**
 * A member is one of: "method" (a function the SDK made), "data" (plain values: strings,
 * arrays, the frozen event), or the name of another SDK object it holds.
 */
export type SdkMember = "method" | "data" | SdkObjectName;

const BASE_CONTEXT = {
  module: "data",
  matrix: "ModuleMatrix",
  db: "ModuleDb",
  config: "ModuleConfig",
  security: "ModuleSecurity",
  log: "ModuleLog",
  http: "ModuleHttp",
} as const;

const EVENT_CONTEXT = {
  ...BASE_CONTEXT,
  event: "data",
  roomId: "data",
  sender: "data",
  respond: "method",
  reply: "method",
  send: "method",
  react: "method",
} as const;

/** Every object the SDK hands a module, by the name of its type, with its members. */
export const SDK_OBJECTS = {
  BaseContext: BASE_CONTEXT,
  EventContext: EVENT_CONTEXT,
  CommandContext: { ...EVENT_CONTEXT, command: "data", args: "data", argv: "data" },
  WatcherContext: { ...EVENT_CONTEXT, match: "data" },
  CronContext: { ...BASE_CONTEXT, scheduledTime: "data" },
  ModuleMatrix: {
    sendMessage: "method",
    react: "method",
    redact: "method",
    getEvent: "method",
    getProfile: "method",
    getJoinedMembers: "method",
    whoami: "method",
  },
  ModuleDb: { get: "method", set: "method", delete: "method", keys: "method" },
  ModuleConfig: { get: "method" },
  ModuleSecurity: { isOwner: "method", isSudo: "method" },
  ModuleLog: { info: "method", warn: "method", error: "method" },
  ModuleHttp: { fetch: "method" },
} as const;

export type SdkObjectName = keyof typeof SDK_OBJECTS;

/** The `ctx` each kind of handler gets (`run(ctx)` in commands, watchers, on and cron). */
export const HANDLER_CONTEXTS = {
  commands: "CommandContext",
  watchers: "WatcherContext",
  on: "EventContext",
  cron: "CronContext",
} as const satisfies Record<string, SdkObjectName>;

// ---- Checks against the types: compile-time only, nothing below exists at run time. ----

/** The SDK's types under the names used above. */
interface SdkTypes {
  BaseContext: BaseContext;
  EventContext: EventContext;
  CommandContext: CommandContext;
  WatcherContext: WatcherContext;
  CronContext: CronContext;
  ModuleMatrix: ModuleMatrix;
  ModuleDb: ModuleDb;
  ModuleConfig: BaseContext["config"];
  ModuleSecurity: BaseContext["security"];
  ModuleLog: ModuleLog;
  ModuleHttp: BaseContext["http"];
}

type Same<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** The SDK object whose type is exactly V, or never. */
type ObjectNamed<V> = {
  [N in keyof SdkTypes]: Same<SdkTypes[N], V> extends true ? N : never;
}[keyof SdkTypes];

/** What the list should say about a member of type V. */
type Expected<V> = V extends (...args: never[]) => unknown
  ? "method"
  : [ObjectNamed<V>] extends [never]
    ? "data"
    : ObjectNamed<V>;

type Described<T> = { -readonly [K in keyof T]-?: Expected<T[K]> };
type Listed<N extends SdkObjectName> = {
  -readonly [K in keyof (typeof SDK_OBJECTS)[N]]: (typeof SDK_OBJECTS)[N][K];
};

type Mismatches = {
  [N in SdkObjectName]: Same<Listed<N>, Described<SdkTypes[N]>> extends true ? never : N;
}[SdkObjectName];

/** Fails to compile, naming the object, when a list above and the SDK's types disagree. */
const objectsMatchTypes: [Mismatches] extends [never] ? true : Mismatches = true;

/** Fails to compile when SDK_VALUE_EXPORTS and the value exports of ./index.ts disagree. */
const exportsMatchIndex: Same<(typeof SDK_VALUE_EXPORTS)[number], keyof typeof Sdk> = true;

/** Fails to compile when a handler kind and ModuleSpec disagree on the ctx it gets. */
type HandlerContextOf<K extends keyof typeof HANDLER_CONTEXTS> = Parameters<
  NonNullable<Sdk.ModuleSpec[K]> extends readonly (infer S)[]
    ? S extends { run: infer R extends (...args: never[]) => unknown }
      ? R
      : never
    : NonNullable<Sdk.ModuleSpec[K]> extends Record<
          string,
          { run: infer R extends (...args: never[]) => unknown }
        >
      ? R
      : never
>[0];
const handlersMatchSpec: {
  [K in keyof typeof HANDLER_CONTEXTS]: Same<
    HandlerContextOf<K>,
    SdkTypes[(typeof HANDLER_CONTEXTS)[K]]
  >;
} = { commands: true, watchers: true, on: true, cron: true };

void [objectsMatchTypes, exportsMatchIndex, handlersMatchSpec];
