import { loadConfig } from "../../src/config";
import { coreModules } from "../../src/core";
import { runModuleCronJobs } from "../../src/cron/module-jobs";
import type { Env } from "../../src/env";
import { parseRoomEvent, type RoomEvent } from "../../src/matrix/events";
import { buildRegistry, type ModuleSource, type RefusedModule } from "../../src/modules/registry";
import { processEvents } from "../../src/pipeline/process-events";
import { createRuntime, type Runtime } from "../../src/runtime";
import { loadSettings } from "../../src/settings";

/** A runtime whose registry holds the built-ins plus the given modules (not the bundled ones). */
export function runtimeWith(
  env: Env,
  modules: readonly unknown[],
  refused: RefusedModule[] = [],
): Runtime {
  const config = loadConfig(env);
  if (!config.ok) throw new Error(config.problems.join("; "));
  return createRuntime(env, config.config, buildRegistry(coreModules, sources(modules), refused));
}

/** Modules as the build hands them to the core: code to run, under the name the scan read. */
export function sources(modules: readonly unknown[]): ModuleSource[] {
  return modules.map((spec, i) => ({
    file: `modules/test-${i}.ts`,
    name: null,
    load: () => spec,
  }));
}

/** Feeds events through the same pipeline a pushed transaction takes. */
export function feed(rt: Runtime, events: readonly unknown[], txnId?: string): Promise<void> {
  const parsed = events.map(parseRoomEvent).filter((e): e is RoomEvent => e !== null);
  return processEvents(rt, parsed, txnId);
}

export async function runModuleCron(rt: Runtime, time: number): Promise<number> {
  return runModuleCronJobs(rt, await loadSettings(rt.d1, rt.config), time);
}
