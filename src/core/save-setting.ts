import { type Actor, audit } from "../access/store";
import { settings } from "../db/schema";
import type { CoreServices } from "./services";

/** Saves one core setting (JSON) together with its audit row, in one D1 batch. */
export async function saveSetting(
  core: CoreServices,
  key: string,
  value: unknown,
  actor: Actor,
  action: string,
  detail?: string,
): Promise<void> {
  const json = JSON.stringify(value);
  const { db } = core.rt;
  await db.batch([
    db
      .insert(settings)
      .values({ key, value: json })
      .onConflictDoUpdate({ target: settings.key, set: { value: json } }),
    audit(db, actor, action, key, detail ?? json),
  ]);
  core.settingsChanged();
}
