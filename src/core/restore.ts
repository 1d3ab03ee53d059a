import { audit } from "../access/store";
import { describeCounts } from "../backup/document";
import { planRestore } from "../backup/restore";
import { readBackup } from "../backup/validate";
import { asStatement } from "../db/statement";
import { describeError } from "../log";
import { inReplyTo, isMessage } from "../matrix/events";
import { bumpModulesRev } from "../modules/installed";
import type { CoreCommandSpec } from "../modules/registry";
import { OWNER } from "../sdk/levels";
import { UsageError } from "../sdk/usage-error";
import { actorOf } from "./actor";
import { fetchBackupFile } from "./backup-file";
import { listAnswer } from "./format";
import { detailMadeBy } from "./made-before";

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
    if (again !== null) return void (await ctx.respond(again));

    const { rt } = core;
    const file = await fetchBackupFile(rt, ctx.roomId, fileEventId);
    if (!file.ok) return void (await ctx.respond(`❌ | ${file.problem} Nothing was changed.`));
    const read = readBackup(file.text, rt.config.userId);
    if (!read.ok)
      return void (await ctx.respond(
        listAnswer(`❌ | ${file.name} cannot be restored; nothing was changed:`, read.problems, ""),
      ));

    const { doc } = read;
    const plan = planRestore(rt.d1, doc, rt.now());
    const leftOut = plan.leftOut.length > 0 ? ` Left out: ${plan.leftOut.join(", ")}.` : "";
    const answer = `♻️ | Restored the backup made ${doc.createdAt}: ${describeCounts(plan.restored)}.${leftOut} Modules reload with the next event.`;
    try {
      await rt.d1.batch([
        asStatement(rt.d1, bumpModulesRev(rt.d1, crypto.randomUUID())),
        ...plan.statements,
        asStatement(rt.d1, audit(rt.db, actorOf(ctx, core), "backup.restore", fileEventId, answer)),
      ]);
    } catch (error) {
      rt.log.error(`restore of ${fileEventId} failed: ${describeError(error)}`);
      return void (await ctx.respond(
        `❌ | The restore failed, so nothing was changed: ${describeError(error)}`,
      ));
    }
    core.settingsChanged();
    await ctx.respond(answer);
  },
};
