import type { CoreServices } from "../core/services";
import { parseSchedule, type Schedule } from "../cron/schedule";
import type { SecurityLevel } from "../sdk/levels";
import type {
  CommandContext,
  CommandSpec,
  CronContext,
  EventContext,
  ModuleSpec,
  WatcherContext,
} from "../sdk/types";
import { copyPlain, type PlainValue } from "./copy-plain";
import {
  type CommunityModule,
  isRefused,
  loadModule,
  type ModuleCode,
  type ModuleSource,
  type RefusedModule,
} from "./load";
import { type ModuleManifest, parseManifest } from "./manifest";

export type { CommunityModule, ModuleSource, RefusedModule };

type Awaitable<T> = T | Promise<T>;

/** Built-in commands also get the core's services; community commands only ever get `ctx`. */
export type CoreCommandSpec = Omit<CommandSpec, "run"> & {
  run(ctx: CommandContext, core: CoreServices): Awaitable<void>;
};

export type CoreModuleSpec = Omit<ModuleSpec, "commands"> & {
  commands: Record<string, CoreCommandSpec>;
};

export interface LoadedModule {
  readonly name: string;
  /** The core's own copy of the declaration; the module's objects are never read again. */
  readonly manifest: ModuleManifest;
  /** Built into the core: cannot be disabled, and may use the core's services. */
  readonly trusted: boolean;
  /** How the core calls into a community module (absent for the built-ins). */
  readonly code?: ModuleCode;
}

export interface LoadedCommand {
  readonly name: string;
  readonly module: LoadedModule;
  readonly security: SecurityLevel;
  readonly aliases: readonly string[];
  readonly usage?: string;
  readonly description?: string;
  run(ctx: CommandContext, core: CoreServices): Promise<void>;
}

export interface LoadedWatcher {
  readonly module: LoadedModule;
  readonly pattern: RegExp;
  /** undefined: gated (owners and sudos only). */
  readonly security?: SecurityLevel;
  run(ctx: WatcherContext): Promise<void>;
}

export interface LoadedHandler {
  readonly module: LoadedModule;
  readonly security?: SecurityLevel;
  run(ctx: EventContext): Promise<void>;
}

export interface LoadedCronJob {
  readonly module: LoadedModule;
  /** Position in the module's `cron` list: with the module name, names the job in D1. */
  readonly index: number;
  readonly schedule: Schedule;
  run(ctx: CronContext): Promise<void>;
}

export interface Registry {
  /** Which installed modules it holds (the `modules_rev` setting it was built for). */
  readonly rev: string;
  readonly modules: readonly LoadedModule[];
  readonly commands: readonly LoadedCommand[];
  readonly watchers: readonly LoadedWatcher[];
  readonly cronJobs: readonly LoadedCronJob[];
  readonly refused: readonly RefusedModule[];
  module(name: string): LoadedModule | undefined;
  /** By name or alias, case-insensitive. */
  command(name: string): LoadedCommand | undefined;
  handlers(eventType: string): readonly LoadedHandler[];
}

type CoreRun = CoreCommandSpec["run"];
const isCoreRun = (value: PlainValue): value is PlainValue & CoreRun => typeof value === "function";

/** A community module to register: code still to load (shared runner), or already loaded. */
export type RegistryInput = ModuleSource | CommunityModule | RefusedModule;

/**
 * Builds the lookup tables once per isolate. Each community module is loaded on its own: one
 * that throws, lies about its name or clashes with another is refused, and the rest load.
 */
export function buildRegistry(
  core: readonly CoreModuleSpec[],
  community: readonly RegistryInput[],
  refusedAtBuild: readonly RefusedModule[] = [],
  rev = "",
): Registry {
  const modules = new Map<string, LoadedModule>();
  const commands = new Map<string, LoadedCommand>();
  const commandList: LoadedCommand[] = [];
  const watchers: LoadedWatcher[] = [];
  const handlers = new Map<string, LoadedHandler[]>();
  const cronJobs: LoadedCronJob[] = [];
  const refused = [...refusedAtBuild];

  const add = (module: LoadedModule, coreRuns?: ReadonlyMap<string, CoreRun>) => {
    const { manifest } = module;
    modules.set(module.name.toLowerCase(), module);
    for (const cmd of manifest.commands) {
      const coreRun = coreRuns?.get(cmd.name);
      const code = module.code;
      const loaded: LoadedCommand = Object.freeze({
        ...cmd,
        module,
        run: coreRun
          ? async (ctx: CommandContext, services: CoreServices) => coreRun(ctx, services)
          : (ctx: CommandContext) => (code as ModuleCode).command(cmd.name, ctx),
      });
      commandList.push(loaded);
      for (const key of [cmd.name, ...cmd.aliases]) commands.set(key.toLowerCase(), loaded);
    }
    const code = module.code;
    if (!code) return;
    for (const [index, w] of manifest.watchers.entries()) {
      watchers.push({
        module,
        pattern: new RegExp(w.source, w.flags),
        security: w.security,
        run: (ctx) => code.watcher(index, ctx),
      });
    }
    for (const [index, job] of manifest.cron.entries()) {
      cronJobs.push({
        module,
        index,
        schedule: parseSchedule(job.schedule),
        run: (ctx) => code.cron(index, ctx),
      });
    }
    for (const h of manifest.on) {
      const list = handlers.get(h.type) ?? [];
      list.push({ module, security: h.security, run: (ctx) => code.handler(h.type, ctx) });
      handlers.set(h.type, list);
    }
  };

  for (const spec of core) {
    const { manifest, functions } = parseManifest(copyPlain(spec), isCoreRun);
    const clash = findClash(manifest, modules, commands);
    if (clash) throw new Error(`built-in module ${manifest.name}: ${clash}`);
    add({ name: manifest.name, manifest, trusted: true }, functions.commands);
  }
  for (const input of community) {
    const loaded = "load" in input ? loadModule(input) : input;
    if (isRefused(loaded)) {
      refused.push(loaded);
      continue;
    }
    const clash = findClash(loaded.manifest, modules, commands);
    if (clash) {
      refused.push({ file: loaded.file, name: loaded.manifest.name, reasons: [clash] });
      continue;
    }
    add(communityModule(loaded));
  }

  return {
    rev,
    modules: [...modules.values()],
    commands: commandList,
    watchers,
    cronJobs,
    refused,
    module: (name) => modules.get(name.toLowerCase()),
    command: (name) => commands.get(name.toLowerCase()),
    handlers: (type) => handlers.get(type) ?? [],
  };
}

function communityModule(loaded: CommunityModule): LoadedModule {
  return Object.freeze({
    name: loaded.manifest.name,
    manifest: loaded.manifest,
    trusted: false,
    code: loaded.code,
  });
}

function findClash(
  manifest: ModuleManifest,
  modules: ReadonlyMap<string, LoadedModule>,
  commands: ReadonlyMap<string, LoadedCommand>,
): string | null {
  const other = modules.get(manifest.name.toLowerCase());
  if (other)
    return `the name ${manifest.name} is already taken by ${other.trusted ? "a built-in module" : "another module"}`;
  const own = new Set<string>();
  for (const cmd of manifest.commands) {
    for (const key of [cmd.name, ...cmd.aliases]) {
      const taken = commands.get(key.toLowerCase());
      if (taken)
        return `command ${key} is already defined by ${taken.module.trusted ? "the core" : `module ${taken.module.name}`}`;
      if (own.has(key.toLowerCase())) return `command or alias ${key} is defined twice`;
      own.add(key.toLowerCase());
    }
  }
  return null;
}
