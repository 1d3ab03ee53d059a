import { audit } from "../access/store";
import { type BackupDocument, buildBackup, countRows, describeCounts } from "../backup/document";
import { HomeserverError } from "../matrix/retry";
import { sendFile } from "../matrix/send-file";
import { deriveTxnId } from "../matrix/txn-id";
import type { CoreCommandSpec } from "../modules/registry";
import { OWNER } from "../sdk/levels";
import { UsageError } from "../sdk/usage-error";
import { actorOf } from "./actor";
import { detailMadeBy } from "./made-before";

const DONE = "💾 |";

export const backup: CoreCommandSpec = {
  security: OWNER,
  description:
    "All state (settings, access, module config and data, installed modules, audit log) as one JSON file in this room; restore it with .restore as a reply to the file",
  async run(ctx, core) {
    if (ctx.argv.length > 0) throw new UsageError("it takes no arguments");
    const again = await detailMadeBy(core, ctx, "backup.create");
    if (again !== null) return void (await ctx.respond(`${DONE} ${again}`));
    const { rt } = core;
    const doc = await buildBackup(rt.d1, rt.config.userId, rt.now());
    const data = new TextEncoder().encode(JSON.stringify(doc, null, 1));
    const name = fileName(doc);
    // Derived from the command, so a retried command posts the file once.
    const txnId = await deriveTxnId(ctx.event.event_id, "backup file");
    let url: string;
    try {
      url = await sendFile(rt.matrix, ctx.roomId, { name, type: "application/json", data }, txnId);
    } catch (error) {
      if (!(error instanceof HomeserverError) || error.transient) throw error;
      return void (await ctx.respond(uploadRefused(error, data.length)));
    }
    const summary = `Backup ${name} (${kib(data.length)}): ${describeCounts(countRows(doc.tables))}. No tokens or E2EE keys are in it; module config and data are, so keep it private. To restore it, reply to the file with ${core.settings.prefix}restore`;
    await audit(rt.db, actorOf(ctx, core), "backup.create", url, summary);
    await ctx.respond(`${DONE} ${summary}`);
  },
};

/** `mxuserbot-backup-owner-2025-01-31T12-00-00Z.json`: whose, and when. */
function fileName(doc: BackupDocument): string {
  const who =
    doc.account
      .slice(1)
      .split(":")[0]
      ?.replace(/[^A-Za-z0-9_-]/g, "_") ?? "bot";
  const when = doc.createdAt.replace(/\.\d+Z$/, "Z").replace(/:/g, "-");
  return `mxuserbot-backup-${who}-${when}.json`;
}

const kib = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024))} KiB`;

function uploadRefused(error: HomeserverError, size: number): string {
  if (error.status === 413)
    return `❌ | The homeserver refused the backup: at ${kib(size)} it is over its upload limit (${error.errcode ?? "413"}). Nothing was sent.`;
  return `❌ | The homeserver refused the backup (${error.status ?? ""} ${error.errcode ?? error.message}). Nothing was sent.`;
}
