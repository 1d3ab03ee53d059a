import { describeError } from "../log";
import type { CommandContext, CronContext, EventContext, WatcherContext } from "../sdk/types";
import { copyPlain, type ModuleFunction, type PlainValue } from "./copy-plain";
import { type ModuleManifest, parseManifest } from "./manifest";

/** One community module as the build (or a test) hands it over: its code not yet run. */
export interface ModuleSource {
  readonly file: string;
  /** The name the build-time scan read from the source; null when there was no scan. */
  readonly name: string | null;
  /** Runs the module's top-level code and returns its default export (the shared runner). */
  load(): unknown;
  /** The scanned module as an ES module, and its SHA-256 (the sandbox runner). */
  readonly code?: string;
  readonly sha256?: string;
}

/** The only way the core runs module code: by the place the manifest names. */
export interface ModuleCode {
  command(name: string, ctx: CommandContext): Promise<void>;
  watcher(index: number, ctx: WatcherContext): Promise<void>;
  handler(type: string, ctx: EventContext): Promise<void>;
  cron(index: number, ctx: CronContext): Promise<void>;
  /** true, or what is wrong with the value. */
  validate(key: string, value: unknown): Promise<true | string>;
}

export interface CommunityModule {
  readonly file: string;
  readonly manifest: ModuleManifest;
  readonly code: ModuleCode;
}

export interface RefusedModule {
  file: string;
  name: string | null;
  reasons: string[];
}

const isFunction = (value: PlainValue): value is ModuleFunction => typeof value === "function";
const apply = Reflect.apply;

/**
 * Runs one module's top-level code inside a guard and takes its declaration by value. A throw,
 * an accessor, a non-plain object or a name other than the scan's refuses this module alone.
 */
export function loadModule(source: ModuleSource): CommunityModule | RefusedModule {
  const refuse = (reason: string): RefusedModule => ({
    file: source.file,
    name: source.name,
    reasons: [reason],
  });
  let exported: unknown;
  try {
    exported = source.load();
  } catch (error) {
    return refuse(`its top-level code threw: ${describeError(error)}`);
  }
  let parsed: ReturnType<typeof parseManifest<ModuleFunction>>;
  try {
    parsed = parseManifest(copyPlain(exported), isFunction);
  } catch (error) {
    return refuse(`its declaration is refused: ${describeError(error)}`);
  }
  const { manifest, functions } = parsed;
  if (source.name !== null && source.name !== manifest.name)
    return refuse(
      `it declares the name ${manifest.name} at run time, but ${source.name} when it was scanned`,
    );
  const call = async (fn: ModuleFunction | undefined, what: string, arg: unknown) => {
    if (!fn) throw new Error(`${manifest.name} has no ${what}`);
    await apply(fn, undefined, [arg]);
  };
  const code: ModuleCode = Object.freeze({
    command: (name: string, ctx: CommandContext) =>
      call(functions.commands.get(name), `command ${name}`, ctx),
    watcher: (index: number, ctx: WatcherContext) =>
      call(functions.watchers[index], `watcher ${index}`, ctx),
    handler: (type: string, ctx: EventContext) =>
      call(functions.on.get(type), `handler for ${type}`, ctx),
    cron: (index: number, ctx: CronContext) =>
      call(functions.cron[index], `cron job ${index}`, ctx),
    async validate(key: string, value: unknown): Promise<true | string> {
      const fn = functions.validate.get(key);
      if (!fn) return true;
      const verdict: unknown = await apply(fn, undefined, [structuredClone(value)]);
      if (verdict === true) return true;
      return typeof verdict === "string" && verdict.length > 0
        ? verdict.slice(0, 500)
        : "invalid value";
    },
  });
  return { file: source.file, manifest, code };
}

export function isRefused(m: CommunityModule | RefusedModule): m is RefusedModule {
  return "reasons" in m;
}
