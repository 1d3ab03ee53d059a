import { Hono } from "hono";
import { audit } from "../access/store";
import { buildBackup, countRows, describeCounts } from "../backup/document";
import { restoreState } from "../backup/restore-state";
import { MAX_BACKUP_BYTES } from "../core/backup-file";
import { listAnswer } from "../core/format";
import { formFields, pageContext, REQUEST_ID, STALE_FORM, type WebContext, webActor } from "./form";
import type { WebEnv } from "./guard";
import { BackupPage } from "./pages/backup";
import type { PageContext } from "./pages/layout";

/**
 * Backup and restore. `.backup` and `.restore` send and fetch Matrix files, so these call the
 * same document builder and the same restore (`restoreState`) directly, with the same audit.
 */
export const backupRoutes = new Hono<WebEnv>();

const MAX_MIB = MAX_BACKUP_BYTES / 1024 / 1024;

backupRoutes.get("/", (c) => backupPage(c, pageContext(c)));

backupRoutes.post("/download", async (c) => {
  const rt = c.get("rt");
  const { request } = await formFields(c);
  if (!REQUEST_ID.test(request ?? ""))
    return backupPage(c, pageContext(c, { problem: STALE_FORM }));
  const doc = await buildBackup(rt.d1, rt.config.userId, rt.now());
  const summary = `Downloaded from the dashboard: ${describeCounts(countRows(doc.tables))}`;
  await audit(rt.db, webActor(c, request as string), "backup.download", "dashboard", summary);
  const name = `mxuserbot-backup-${doc.createdAt.replace(/\.\d+Z$/, "Z").replace(/:/g, "-")}.json`;
  return c.body(JSON.stringify(doc, null, 1), 200, {
    "content-type": "application/json; charset=utf-8",
    "content-disposition": `attachment; filename="${name}"`,
  });
});

backupRoutes.post("/restore", async (c) => {
  const rt = c.get("rt");
  const fields = await formFields(c);
  const file = (await c.req.parseBody()).file;
  const problem = (text: string) => backupPage(c, pageContext(c, { problem: text }));
  if (!REQUEST_ID.test(fields.request ?? "")) return problem(STALE_FORM);
  if (!(file instanceof File) || file.size === 0) return problem("Choose a backup file first.");
  if (!fields.confirm) return problem("Tick the box to confirm the restore.");
  if (file.size > MAX_BACKUP_BYTES)
    return problem(`That file is over ${MAX_MIB} MiB: not a backup.`);
  const actor = webActor(c, fields.request as string);
  // The same form sent again: answer as the first time, restore nothing twice.
  const again = await rt.d1
    .prepare("SELECT detail FROM audit_log WHERE event_id = ? AND action = 'backup.restore'")
    .bind(actor.eventId)
    .first<{ detail: string | null }>();
  if (again) return answered(c, `♻️ | ${again.detail ?? ""}`);
  let text: string;
  try {
    const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
    text = utf8.decode(await file.arrayBuffer());
  } catch {
    return problem("That file is not UTF-8 text, so it is not a backup.");
  }
  const restored = await restoreState(rt, text, actor, `dashboard upload ${file.name}`);
  if ("problems" in restored) {
    const head = `❌ | ${file.name} cannot be restored; nothing was changed:`;
    const list = listAnswer(head, restored.problems, "");
    return answered(c, typeof list === "string" ? list : list.body);
  }
  if (!restored.ok)
    return answered(c, `❌ | The restore failed, so nothing was changed: ${restored.failed}`);
  return answered(c, `♻️ | ${restored.summary}`);
});

const answered = (c: WebContext, answer: string) =>
  backupPage(c, pageContext(c, { answers: [answer] }));

function backupPage(c: WebContext, ctx: PageContext) {
  return c.html(<BackupPage ctx={ctx} maxMiB={MAX_MIB} />);
}
