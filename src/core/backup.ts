import { audit } from "../access/store";
import { type BackupDocument, buildBackup, countRows, describeCounts } from "../backup/document";
import { SENT_BY_BOT } from "../matrix/content";
import { uploadMedia } from "../matrix/media";
import { HomeserverError } from "../matrix/retry";
import { deriveTxnId } from "../matrix/txn-id";
import type { CoreCommandSpec } from "../modules/registry";
import { OWNER } from "../sdk/levels";
import { UsageError } from "../sdk/usage-error";
import { actorOf } from "./actor";
import { detailMadeBy } from "./made-before";

export const BACKUP_MIMETYPE = "application/json";

export const backup: CoreCommandSpec = {
  security: OWNER,
  description:
    "All state (settings, access, module config and data, installed modules, audit log) as one JSON file in this room; restore it with .restore as a reply to the file",
  async run(ctx, core) {
    if (ctx.argv.length > 0) throw new UsageError("it takes no arguments");
    const again = await detailMadeBy(core, ctx, "backup.create");
    if (again !== null) return void (await ctx.respond(again));
    const { rt } = core;
    const doc = await buildBackup(rt.d1, rt.config.userId, rt.now());
    const bytes = new TextEncoder().encode(JSON.stringify(doc, null, 1));
    const name = fileName(doc);
    let url: string;
    try {
      url = await uploadMedia(rt.matrix, bytes, { name, type: BACKUP_MIMETYPE });
    } catch (error) {
      if (!(error instanceof HomeserverError) || error.transient) throw error;
      return void (await ctx.respond(uploadRefused(error, bytes.length)));
    }
    const file = {
      msgtype: "m.file",
      body: name,
      filename: name,
      url,
      info: { mimetype: BACKUP_MIMETYPE, size: bytes.length },
      [SENT_BY_BOT]: true,
    };
    // Derived from the command, so a retried command sends the file once.
    const txnId = await deriveTxnId(ctx.event.event_id, "backup file");
    await rt.matrix.sendEvent(ctx.roomId, "m.room.message", file, txnId);
    const answer = `💾 | Backup ${name} (${kib(bytes.length)}): ${describeCounts(countRows(doc.tables))}. No tokens or E2EE keys are in it; module config and data are, so keep it private. To restore it, reply to the file with ${core.settings.prefix}restore`;
    await audit(rt.db, actorOf(ctx, core), "backup.create", url, answer);
    await ctx.respond(answer);
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
  return `❌ | The homeserver refused the backup upload (${error.status ?? ""} ${error.errcode ?? error.message}). Nothing was sent.`;
}
