import type { AccessFacts } from "../access/check";
import type { Runtime } from "../runtime";
import type { CoreSettings } from "../settings";

/** What built-in commands get besides ctx. Community modules never see this. */
export interface CoreServices {
  readonly rt: Runtime;
  readonly settings: CoreSettings;
  /** The sender's access, as loaded for this command. */
  readonly facts: AccessFacts;
  /** Call after saving a setting, so the rest of the transaction sees it. */
  settingsChanged(): void;
}
