import { parseSchedule } from "../cron/schedule";
import { hostNameProblem } from "../scan/host-name";
import { regexProblem } from "../scan/regex-safety";
import { SECURITY_LEVELS, type SecurityLevel, SUDO } from "../sdk/levels";
import { COMMAND_NAME, CONFIG_KEY, MODULE_NAME } from "../sdk/names";
import type { ConfigValue } from "../sdk/types";
import { type ModuleFunction, type PlainValue, RegexpValue } from "./copy-plain";
import { deepFreeze } from "./deep-freeze";

/**
 * A module's declaration as the core keeps it: plain, validated, deep-frozen data that the core
 * alone owns. Names, levels, aliases, config keys and the `ctx.db` scope all come from here.
 */
export interface ModuleManifest {
  readonly name: string;
  readonly version?: string;
  readonly description?: string;
  readonly network: readonly string[];
  readonly config: readonly ConfigOption[];
  readonly commands: readonly CommandManifest[];
  readonly watchers: readonly WatcherManifest[];
  readonly on: readonly HandlerManifest[];
  readonly cron: readonly CronManifest[];
}

export interface CommandManifest {
  readonly name: string;
  readonly security: SecurityLevel;
  readonly aliases: readonly string[];
  readonly usage?: string;
  readonly description?: string;
}

export interface WatcherManifest {
  readonly source: string;
  readonly flags: string;
  /** undefined: gated (owners and sudos only). */
  readonly security?: SecurityLevel;
}

export interface HandlerManifest {
  readonly type: string;
  readonly security?: SecurityLevel;
}

export interface CronManifest {
  readonly schedule: string;
}

export interface ConfigOption {
  readonly key: string;
  readonly default?: ConfigValue;
  readonly description?: string;
  readonly required: boolean;
  /** The module declared a `validate` function for this key. */
  readonly validated: boolean;
}

/** The functions of a module, by the place the manifest gives them. */
export interface ModuleFunctions {
  readonly commands: ReadonlyMap<string, ModuleFunction>;
  readonly watchers: readonly ModuleFunction[];
  readonly on: ReadonlyMap<string, ModuleFunction>;
  readonly cron: readonly ModuleFunction[];
  readonly validate: ReadonlyMap<string, ModuleFunction>;
}

export class ManifestError extends Error {
  override readonly name = "ManifestError";
}

const EVENT_TYPE = /^[A-Za-z0-9._-]{1,255}$/;
const TEXT_LIMIT = 2_000;
const KNOWN_KEYS = new Set([
  "name",
  "version",
  "description",
  "network",
  "config",
  "commands",
  "watchers",
  "on",
  "cron",
]);

type PlainRecord = { readonly [key: string]: PlainValue };

/**
 * Validates a copied declaration and splits it into the manifest and its functions.
 * `isFunction` says what stands for a handler: a real function (bundled modules) or a marker
 * (a sandbox, where only data crosses).
 */
export function parseManifest<F>(
  tree: PlainValue,
  isFunction: (value: PlainValue) => value is PlainValue & F,
): { manifest: ModuleManifest; functions: ParsedFunctions<F> } {
  const root = record(tree, "the declaration");
  for (const key of Object.keys(root))
    if (!KNOWN_KEYS.has(key)) throw new ManifestError(`unknown field "${key}" in the declaration`);
  const name = root.name;
  if (typeof name !== "string" || !MODULE_NAME.test(name))
    throw new ManifestError("name must match [A-Za-z][A-Za-z0-9_]* (at most 64 characters)");
  const fns: MutableFunctions<F> = {
    commands: new Map(),
    watchers: [],
    on: new Map(),
    cron: [],
    validate: new Map(),
  };
  const run = (value: PlainValue, what: string): F => {
    if (!isFunction(value)) throw new ManifestError(`${what} needs run(ctx)`);
    return value;
  };

  const commands: CommandManifest[] = [];
  for (const [command, raw] of entries(root.commands, "commands")) {
    const spec = record(raw, `command "${command}"`);
    const aliases = stringList(spec.aliases, `command "${command}" aliases`);
    for (const n of [command, ...aliases])
      if (!COMMAND_NAME.test(n))
        throw new ManifestError(
          `command "${n}" must start with a letter and hold only letters, digits, _ and -`,
        );
    fns.commands.set(command, run(spec.run, `command "${command}"`));
    commands.push({
      name: command,
      security: level(spec.security, `command "${command}"`) ?? SUDO,
      aliases,
      usage: text(spec.usage, `command "${command}" usage`),
      description: text(spec.description, `command "${command}" description`),
    });
  }

  const watchers: WatcherManifest[] = [];
  for (const [i, raw] of list(root.watchers, "watchers").entries()) {
    const spec = record(raw, `watcher ${i}`);
    const pattern = spec.pattern;
    if (!(pattern instanceof RegexpValue))
      throw new ManifestError(`watcher ${i} needs a RegExp pattern`);
    const flags = pattern.flags.replace(/[gy]/g, "");
    const unsafe = regexProblem(pattern.source, flags);
    if (unsafe) throw new ManifestError(`watcher ${i}: ${unsafe}`);
    fns.watchers.push(run(spec.run, `watcher ${i}`));
    watchers.push({
      source: pattern.source,
      flags,
      security: level(spec.security, `watcher ${i}`),
    });
  }

  const on: HandlerManifest[] = [];
  for (const [type, raw] of entries(root.on, "on")) {
    if (!EVENT_TYPE.test(type)) throw new ManifestError(`"${type}" is not an event type`);
    if (type === "m.room.message")
      throw new ManifestError("m.room.message reaches modules through commands and watchers");
    const spec = record(raw, `handler "${type}"`);
    fns.on.set(type, run(spec.run, `handler "${type}"`));
    on.push({ type, security: level(spec.security, `handler "${type}"`) });
  }

  const cron: CronManifest[] = [];
  for (const [i, raw] of list(root.cron, "cron").entries()) {
    const spec = record(raw, `cron job ${i}`);
    if (typeof spec.schedule !== "string")
      throw new ManifestError(`cron job ${i} needs a schedule`);
    try {
      parseSchedule(spec.schedule);
    } catch (error) {
      throw new ManifestError(`cron job ${i}: ${(error as Error).message}`);
    }
    fns.cron.push(run(spec.run, `cron job ${i}`));
    cron.push({ schedule: spec.schedule });
  }

  const config: ConfigOption[] = [];
  for (const [key, raw] of entries(root.config, "config")) {
    if (!CONFIG_KEY.test(key))
      throw new ManifestError(`config key "${key}" must match [A-Za-z][A-Za-z0-9_]*`);
    const spec = record(raw, `config "${key}"`);
    if (spec.validate !== undefined) fns.validate.set(key, run(spec.validate, `config "${key}"`));
    if (spec.required !== undefined && typeof spec.required !== "boolean")
      throw new ManifestError(`config "${key}" required must be true or false`);
    config.push({
      key,
      default: spec.default === undefined ? undefined : configValue(spec.default, key),
      description: text(spec.description, `config "${key}" description`),
      required: spec.required === true,
      validated: spec.validate !== undefined,
    });
  }

  const network = stringList(root.network, "network").map((host) => {
    const problem = hostNameProblem(host);
    if (problem) throw new ManifestError(`network: ${problem}`);
    return host.toLowerCase();
  });

  const manifest: ModuleManifest = deepFreeze({
    name,
    version: text(root.version, "version"),
    description: text(root.description, "description"),
    network,
    config,
    commands,
    watchers,
    on,
    cron,
  });
  return { manifest, functions: fns };
}

export type ParsedFunctions<F> = {
  readonly commands: ReadonlyMap<string, F>;
  readonly watchers: readonly F[];
  readonly on: ReadonlyMap<string, F>;
  readonly cron: readonly F[];
  readonly validate: ReadonlyMap<string, F>;
};
type MutableFunctions<F> = {
  commands: Map<string, F>;
  watchers: F[];
  on: Map<string, F>;
  cron: F[];
  validate: Map<string, F>;
};

function record(value: PlainValue, what: string): PlainRecord {
  if (typeof value !== "object" || value === null || Array.isArray(value) || isRegexp(value))
    throw new ManifestError(`${what} must be an object`);
  return value as PlainRecord;
}

function isRegexp(value: PlainValue): value is RegexpValue {
  return value instanceof RegexpValue;
}

function entries(value: PlainValue, what: string): [string, PlainValue][] {
  if (value === undefined) return [];
  return Object.entries(record(value, what));
}

function list(value: PlainValue, what: string): readonly PlainValue[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new ManifestError(`${what} must be a list`);
  return value as readonly PlainValue[];
}

function stringList(value: PlainValue, what: string): string[] {
  return list(value, what).map((item) => {
    if (typeof item !== "string") throw new ManifestError(`${what} must hold strings only`);
    return item;
  });
}

function text(value: PlainValue, what: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value.length > TEXT_LIMIT)
    throw new ManifestError(`${what} must be a string of at most ${TEXT_LIMIT} characters`);
  return value;
}

function level(value: PlainValue, what: string): SecurityLevel | undefined {
  if (value === undefined) return undefined;
  if (!SECURITY_LEVELS.includes(value as SecurityLevel))
    throw new ManifestError(`${what} has security ${String(value)}; use OWNER, SUDO or EVERYONE`);
  return value as SecurityLevel;
}

function configValue(value: PlainValue, key: string): ConfigValue {
  const ok = (v: PlainValue): boolean =>
    v === null ||
    typeof v === "string" ||
    typeof v === "boolean" ||
    (typeof v === "number" && Number.isFinite(v)) ||
    (Array.isArray(v) && (v as PlainValue[]).every(ok)) ||
    (typeof v === "object" &&
      !Array.isArray(v) &&
      !isRegexp(v) &&
      Object.values(v as PlainRecord).every(ok));
  if (!ok(value)) throw new ManifestError(`the default of config "${key}" must be JSON data`);
  return structuredClone(value) as ConfigValue;
}
