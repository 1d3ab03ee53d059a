import { restoreState } from "../backup/restore-state";
import { inReplyTo, isMessage } from "../matrix/events";
import type { CoreCommandSpec } from "../modules/registry";
import { OWNER } from "../sdk/levels";
import { UsageError } from "../sdk/usage-error";
import { actorOf } from "./actor";
import { fetchBackupFile } from "./backup-file";
import { listAnswer } from "./format";
import { detailMadeBy } from "./made-before";

const DONE = "♻️ |";

export const restore: CoreCommandSpec = {
  security: OWNER,
  usage: "(as a reply to a backup file)",
  description:
    "Replace all state with a backup file made by .backup: reply to the file. The file is checked completely first, then restored all at once or not at all",
  async run(ctx, core) {
    const p = core.settings.prefix;
    const fileEventId = isMessage(ctx.event) ? inReplyTo(ctx.event.content) : undefined;
    if (!fileEventId || ctx.argv.length > 0)
      throw new UsageError(`reply to a backup file (made by ${p}backup) with just ${p}restore`);
    const again = await detailMadeBy(core, ctx, "backup.restore");
    if (again !== null) return void (await ctx.respond(`${DONE} ${again}`));

    const file = await fetchBackupFile(core.rt, ctx.roomId, fileEventId);
    if (!file.ok) return void (await ctx.respond(`❌ | ${file.problem} Nothing was changed.`));
    const restored = await restoreState(core.rt, file.text, actorOf(ctx, core), fileEventId);
    if ("problems" in restored)
      return void (await ctx.respond(
        listAnswer(
          `❌ | ${file.name} cannot be restored; nothing was changed:`,
          restored.problems,
          "",
        ),
      ));
    if (!restored.ok)
      return void (await ctx.respond(
        `❌ | The restore failed, so nothing was changed: ${restored.failed}`,
      ));
    core.settingsChanged();
    await ctx.respond(`${DONE} ${restored.summary}`);
  },
};
