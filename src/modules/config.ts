import type { CoreSettings } from "../settings";
import type { ModuleManifest } from "./manifest";

type ConfigOf = Pick<ModuleManifest, "name" | "config">;

/** A module's effective config: values set with `.cfg`, else the declared defaults. */
export function configValue(manifest: ConfigOf, settings: CoreSettings, key: string): unknown {
  const values = settings.moduleConfig.get(manifest.name) ?? {};
  if (Object.hasOwn(values, key)) return values[key];
  return manifest.config.find((option) => option.key === key)?.default;
}

/** Required keys that have neither a value nor a default. */
export function missingConfig(manifest: ConfigOf, settings: CoreSettings): string[] {
  return manifest.config
    .filter(
      (option) => option.required && configValue(manifest, settings, option.key) === undefined,
    )
    .map((option) => option.key);
}

/** `.cfg` values are typed like JSON (`5`, `true`, `"x"`, `[1]`); anything else is a string. */
export function parseConfigInput(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
