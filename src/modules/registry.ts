import type { CoreServices } from "../core/services";
import { parseSchedule, type Schedule } from "../cron/schedule";
import { type SecurityLevel, SUDO } from "../sdk/levels";
import type {
  CommandContext,
  CommandSpec,
  CronContext,
  EventContext,
  ModuleSpec,
  WatcherContext,
} from "../sdk/types";

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
  readonly spec: ModuleSpec | CoreModuleSpec;
  /** Built into the core: cannot be disabled, and may use the core's services. */
  readonly trusted: boolean;
}

export interface LoadedCommand {
  readonly name: string;
  readonly module: LoadedModule;
  readonly security: SecurityLevel;
  readonly aliases: readonly string[];
  readonly usage?: string;
  readonly description?: string;
  run(ctx: CommandContext, core: CoreServices): Awaitable<void>;
}

export interface LoadedWatcher {
  readonly module: LoadedModule;
  readonly pattern: RegExp;
  /** undefined: gated (owners and sudos only). */
  readonly security?: SecurityLevel;
  run(ctx: WatcherContext): Awaitable<void>;
}

export interface LoadedHandler {
  readonly module: LoadedModule;
  readonly security?: SecurityLevel;
  run(ctx: EventContext): Awaitable<void>;
}

export interface LoadedCronJob {
  readonly module: LoadedModule;
  /** Position in the module's `cron` list: with the module name, names the job in D1. */
  readonly index: number;
  readonly schedule: Schedule;
  run(ctx: CronContext): Awaitable<void>;
}

export interface RefusedModule {
  file: string;
  name: string | null;
  reasons: string[];
}

export interface Registry {
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

/** Builds the lookup tables once per isolate. Clashing community modules are refused, not loaded. */
export function buildRegistry(
  core: readonly CoreModuleSpec[],
  community: readonly ModuleSpec[],
  refusedAtBuild: readonly RefusedModule[] = [],
): Registry {
  const modules = new Map<string, LoadedModule>();
  const commands = new Map<string, LoadedCommand>();
  const commandList: LoadedCommand[] = [];
  const watchers: LoadedWatcher[] = [];
  const handlers = new Map<string, LoadedHandler[]>();
  const cronJobs: LoadedCronJob[] = [];
  const refused = [...refusedAtBuild];

  const add = (spec: ModuleSpec | CoreModuleSpec, trusted: boolean) => {
    const clash = findClash(spec, modules, commands);
    if (clash) {
      if (trusted) throw new Error(`built-in module ${spec.name}: ${clash}`);
      refused.push({ file: `modules/${spec.name}`, name: spec.name, reasons: [clash] });
      return;
    }
    const module: LoadedModule = { name: spec.name, spec, trusted };
    modules.set(spec.name.toLowerCase(), module);
    for (const [name, cmd] of Object.entries(spec.commands ?? {}) as [
      string,
      CommandSpec | CoreCommandSpec,
    ][]) {
      const run: LoadedCommand["run"] = trusted
        ? (cmd as CoreCommandSpec).run
        : (ctx) => (cmd as CommandSpec).run(ctx);
      const loaded: LoadedCommand = {
        name,
        module,
        security: cmd.security ?? SUDO,
        aliases: cmd.aliases ?? [],
        usage: cmd.usage,
        description: cmd.description,
        run,
      };
      commandList.push(loaded);
      for (const key of [name, ...loaded.aliases]) commands.set(key.toLowerCase(), loaded);
    }
    for (const w of spec.watchers ?? []) {
      const pattern = new RegExp(w.pattern.source, w.pattern.flags.replace(/[gy]/g, ""));
      watchers.push({ module, pattern, security: w.security, run: (ctx) => w.run(ctx) });
    }
    for (const [index, job] of (spec.cron ?? []).entries()) {
      cronJobs.push({
        module,
        index,
        schedule: parseSchedule(job.schedule),
        run: (ctx) => job.run(ctx),
      });
    }
    for (const [type, h] of Object.entries(spec.on ?? {})) {
      const list = handlers.get(type) ?? [];
      list.push({ module, security: h.security, run: (ctx) => h.run(ctx) });
      handlers.set(type, list);
    }
  };

  for (const spec of core) add(spec, true);
  for (const spec of community) add(spec, false);

  return {
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

function findClash(
  spec: ModuleSpec | CoreModuleSpec,
  modules: ReadonlyMap<string, LoadedModule>,
  commands: ReadonlyMap<string, LoadedCommand>,
): string | null {
  const other = modules.get(spec.name.toLowerCase());
  if (other)
    return `the name ${spec.name} is already taken by ${other.trusted ? "a built-in module" : "another module"}`;
  const own = new Set<string>();
  for (const [name, cmd] of Object.entries(spec.commands ?? {})) {
    for (const key of [name, ...(cmd.aliases ?? [])]) {
      const taken = commands.get(key.toLowerCase());
      if (taken) return `command ${key} is already defined by module ${taken.module.name}`;
      if (own.has(key.toLowerCase())) return `command or alias ${key} is defined twice`;
      own.add(key.toLowerCase());
    }
  }
  return null;
}
