import type { CoreCommandSpec } from "../modules/registry";
import { OWNER } from "../sdk/levels";
import { UsageError } from "../sdk/usage-error";
import { SETTING_PREFIX } from "../settings";
import { actorOf } from "./actor";
import { saveSetting } from "./save-setting";

export const prefix: CoreCommandSpec = {
  security: OWNER,
  usage: "<char>",
  description: "Change the command prefix (one character, not a letter, digit or space)",
  async run(ctx, core) {
    const next = ctx.argv[0];
    if (!next)
      throw new UsageError(
        `the prefix is ${core.settings.prefix}; give one character to change it`,
      );
    if ([...next].length !== 1 || /[\p{L}\p{N}\s]/u.test(next)) {
      throw new UsageError("the prefix must be one character that is not a letter, digit or space");
    }
    await saveSetting(core, SETTING_PREFIX, next, actorOf(ctx, core), "prefix.set");
    await ctx.respond(`✅ | The prefix is now ${next} — try ${next}help`);
  },
};
