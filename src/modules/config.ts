import type { ConfigSpec, ModuleSpec } from "../sdk/types";
import type { CoreSettings } from "../settings";

/** A module's effective config: values set with `.cfg`, else the declared defaults. */
export function configValue(
  spec: Pick<ModuleSpec, "name" | "config">,
  settings: CoreSettings,
  key: string,
): unknown {
  const values = settings.moduleConfig.get(spec.name) ?? {};
  if (Object.hasOwn(values, key)) return values[key];
  const option = Object.hasOwn(spec.config ?? {}, key) ? spec.config?.[key] : undefined;
  return option?.default;
}

/** Required keys that have neither a value nor a default. */
export function missingConfig(
  spec: Pick<ModuleSpec, "name" | "config">,
  settings: CoreSettings,
): string[] {
  return Object.entries(spec.config ?? {})
    .filter(([key, option]) => option.required && configValue(spec, settings, key) === undefined)
    .map(([key]) => key);
}

/** null when acceptable, else what is wrong. */
export function checkConfigValue(option: ConfigSpec, value: unknown): string | null {
  if (!option.validate) return null;
  try {
    const verdict = option.validate(value);
    if (verdict === true) return null;
    return typeof verdict === "string" ? verdict : "invalid value";
  } catch (error) {
    return `the module's check failed: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** `.cfg` values are typed like JSON (`5`, `true`, `"x"`, `[1]`); anything else is a string. */
export function parseConfigInput(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
