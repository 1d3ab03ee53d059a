import { eq, sql } from "drizzle-orm";
import { createDatabase } from "../db/client";
import { installedModules, moduleData, moduleRepos, settings } from "../db/schema";
import { SETTING_CONFIG, SETTING_MODULES_REV } from "../settings";

export type InstalledModule = typeof installedModules.$inferSelect;

/** Installed modules, in name order. */
export async function listInstalled(d1: D1Database): Promise<InstalledModule[]> {
  return createDatabase(d1).select().from(installedModules).orderBy(installedModules.name);
}

/** One installed module, by name in any case (module names are unique ignoring case). */
export async function getInstalled(
  d1: D1Database,
  name: string,
): Promise<InstalledModule | undefined> {
  return createDatabase(d1)
    .select()
    .from(installedModules)
    .where(sql`lower(${installedModules.name}) = lower(${name})`)
    .get();
}

/** The statements that bump `modules_rev`, so every isolate reloads its modules. */
export function bumpModulesRev(d1: D1Database, rev: string) {
  const json = JSON.stringify(rev);
  return createDatabase(d1)
    .insert(settings)
    .values({ key: SETTING_MODULES_REV, value: json })
    .onConflictDoUpdate({ target: settings.key, set: { value: json } });
}

export function saveInstalled(d1: D1Database, module: InstalledModule) {
  return createDatabase(d1)
    .insert(installedModules)
    .values(module)
    .onConflictDoUpdate({ target: installedModules.name, set: module });
}

/** Removing a module; with `purge`, its data and config too. */
export function removeInstalled(d1: D1Database, name: string, purge: boolean) {
  const db = createDatabase(d1);
  return [
    db.delete(installedModules).where(eq(installedModules.name, name)),
    ...(purge
      ? [
          db.delete(moduleData).where(eq(moduleData.module, name)),
          db.delete(settings).where(eq(settings.key, `${SETTING_CONFIG}${name}`)),
        ]
      : []),
  ] as const;
}

export async function listRepos(d1: D1Database): Promise<string[]> {
  const rows = await createDatabase(d1).select().from(moduleRepos).orderBy(moduleRepos.url);
  return rows.map((r) => r.url);
}

export function addRepo(d1: D1Database, url: string, at: number) {
  return createDatabase(d1).insert(moduleRepos).values({ url, addedAt: at }).onConflictDoNothing();
}

export function removeRepo(d1: D1Database, url: string) {
  return createDatabase(d1).delete(moduleRepos).where(eq(moduleRepos.url, url));
}
