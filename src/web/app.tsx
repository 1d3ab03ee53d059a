import { type Context, Hono } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import { audit } from "../access/store";
import { buildBackup, countRows, describeCounts } from "../backup/document";
import { restoreState } from "../backup/restore-state";
import { MAX_BACKUP_BYTES } from "../core/backup-file";
import { listAnswer } from "../core/format";
import { createLogger, describeError, redact } from "../log";
import { finishLog } from "../logroom/flush";
import { loadSettings } from "../settings";
import { commandLineOf, FieldError, type Fields } from "./actions";
import {
  type Refusal,
  requireSession,
  SESSION_COOKIE,
  sameOrigin,
  securityHeaders,
  type WebEnv,
} from "./guard";
import { AccessPage } from "./pages/access";
import { AuditPage } from "./pages/audit";
import { BackupPage } from "./pages/backup";
import { Notice, type PageContext } from "./pages/layout";
import { LinkUsed, LoginPage } from "./pages/login";
import { ModulesPage } from "./pages/modules";
import { StatusPage } from "./pages/status";
import { styleHash } from "./pages/style";
import { REQUEST_ID, runCoreCommand } from "./run-command";
import { looksSecret, maskAnswers } from "./secrets";
import { endSession, loginTokenIsLive, redeemLoginToken, SESSION_MS } from "./session";
import { statusFacts } from "./status-facts";
import { accessView, auditView, modulesView } from "./views";

type WebContext = Context<WebEnv>;

const refuse: Refusal = (c, status, message) =>
  c.html(<Notice title={status === 401 ? "Not logged in" : "Refused"} message={message} />, status);

/** The web dashboard, mounted at /admin: every page and action needs a session from `.web`. */
export const admin = new Hono<WebEnv>();

admin.use(securityHeaders(styleHash));

admin.onError((error, c) => {
  const config = c.get("config");
  const cause = redact(describeError(error), [
    config?.asToken,
    config?.hsToken,
    config?.accessToken,
  ]);
  createLogger("web").error(`${c.req.method} ${new URL(c.req.url).pathname}: ${cause}`);
  return c.html(<Notice title="Something went wrong" message={cause} />, 500);
});

admin.get("/login", async (c) => {
  const token = c.req.query("token") ?? "";
  if (!token || !(await loginTokenIsLive(c.env.DB, token, Date.now())))
    return c.html(<LinkUsed />, 401);
  return c.html(<LoginPage token={token} />);
});

admin.post("/login", sameOrigin(refuse), async (c) => {
  const body = await c.req.parseBody();
  const token = typeof body.token === "string" ? body.token : "";
  const client = c.req.header("cf-connecting-ip") ?? "local";
  const redeemed = await redeemLoginToken(c.env.DB, token, client, Date.now());
  if (!redeemed.ok) {
    if (redeemed.why === "rate-limited")
      return refuse(c, 429, "Too many login attempts from your address: wait a minute.");
    return c.html(<LinkUsed />, 401);
  }
  setCookie(c, SESSION_COOKIE, redeemed.sessionId, {
    path: "/admin",
    httpOnly: true,
    secure: true,
    sameSite: "Strict",
    maxAge: SESSION_MS / 1000,
  });
  return c.redirect("/admin", 303);
});

admin.use(sameOrigin(refuse), requireSession(refuse), async (c, next) => {
  await next();
  // A change is in the audit log, which the log room hears about: post it now, not at the next event.
  const rt = c.get("rt");
  const changed = c.req.method === "POST";
  if (changed || rt.journal.pending) c.executionCtx.waitUntil(finishLog(rt, { claim: changed }));
});

admin.post("/logout", async (c) => {
  await endSession(c.env.DB, c.get("session"), Date.now());
  deleteCookie(c, SESSION_COOKIE, {
    path: "/admin",
    secure: true,
    httpOnly: true,
    sameSite: "Strict",
  });
  return c.html(
    <Notice
      title="Logged out"
      message="Your session has ended. Type .web in chat to log in again."
    />,
  );
});

admin.get("/", async (c) => {
  const rt = c.get("rt");
  const settings = await loadSettings(rt.d1, rt.config);
  await rt.ready(settings.modulesRev);
  return c.html(<StatusPage ctx={pageContext(c)} facts={await statusFacts(rt, settings)} />);
});

admin.get("/modules", (c) => modulesPage(c, pageContext(c)));
admin.post("/modules", async (c) => {
  const fields = await formFields(c);
  const ran = await runAction(c, fields, ["modules.", "cfg."]);
  const preview =
    fields.action === "modules.install" && !fields.sha256
      ? ran.answers?.join("\n").match(/--sha256 ([0-9a-f]{64})/)?.[1]
      : undefined;
  return modulesPage(
    c,
    ran,
    preview ? { url: (fields.url ?? "").trim(), sha256: preview } : undefined,
  );
});

admin.get("/access", (c) => accessPage(c, pageContext(c)));
admin.post("/access", async (c) =>
  accessPage(c, await runAction(c, await formFields(c), ["sudo.", "modaccess.", "tsec."])),
);

admin.get("/audit", async (c) => {
  const filter = { actor: c.req.query("actor") ?? "", kind: c.req.query("kind") ?? "" };
  return c.html(<AuditPage ctx={pageContext(c)} view={await auditView(c.env.DB, filter)} />);
});

admin.get("/backup", (c) => backupPage(c, pageContext(c)));

admin.post("/backup/download", async (c) => {
  const rt = c.get("rt");
  const fields = await formFields(c);
  const doc = await buildBackup(rt.d1, rt.config.userId, rt.now());
  const summary = `Downloaded from the dashboard: ${describeCounts(countRows(doc.tables))}`;
  await audit(rt.db, actor(c, fields), "backup.download", "dashboard", summary);
  const name = `mxuserbot-backup-${doc.createdAt.replace(/\.\d+Z$/, "Z").replace(/:/g, "-")}.json`;
  return c.body(JSON.stringify(doc, null, 1), 200, {
    "content-type": "application/json; charset=utf-8",
    "content-disposition": `attachment; filename="${name}"`,
  });
});

admin.post("/backup/restore", async (c) => {
  const rt = c.get("rt");
  const body = await c.req.parseBody();
  const fields = await formFields(c);
  const file = body.file;
  if (!REQUEST_ID.test(fields.request ?? ""))
    return backupPage(c, pageContext(c, { problem: "This form is out of date: reload the page." }));
  if (!(file instanceof File) || file.size === 0)
    return backupPage(c, pageContext(c, { problem: "Choose a backup file first." }));
  if (!fields.confirm)
    return backupPage(c, pageContext(c, { problem: "Tick the box to confirm the restore." }));
  if (file.size > MAX_BACKUP_BYTES)
    return backupPage(
      c,
      pageContext(c, {
        problem: `That file is over ${MAX_BACKUP_BYTES / 1024 / 1024} MiB; it is not a backup.`,
      }),
    );
  const who = actor(c, fields);
  const again = await rt.d1
    .prepare("SELECT detail FROM audit_log WHERE event_id = ? AND action = 'backup.restore'")
    .bind(who.eventId)
    .first<{ detail: string | null }>();
  if (again) return backupPage(c, pageContext(c, { answers: [`♻️ | ${again.detail ?? ""}`] }));
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(
      await file.arrayBuffer(),
    );
  } catch {
    return backupPage(
      c,
      pageContext(c, { problem: "That file is not UTF-8 text, so it is not a backup." }),
    );
  }
  const restored = await restoreState(rt, text, who, `dashboard upload ${file.name}`);
  const answer =
    "problems" in restored
      ? listAnswer(
          `❌ | ${file.name} cannot be restored; nothing was changed:`,
          restored.problems,
          "",
        )
      : !restored.ok
        ? `❌ | The restore failed, so nothing was changed: ${restored.failed}`
        : `♻️ | ${restored.summary}`;
  return backupPage(
    c,
    pageContext(c, { answers: [typeof answer === "string" ? answer : answer.body] }),
  );
});

function pageContext(c: WebContext, extra: Partial<PageContext> = {}): PageContext {
  return { user: c.get("session").userId, csrf: c.get("csrf"), ...extra };
}

function actor(c: WebContext, fields: Fields) {
  const eventId = REQUEST_ID.test(fields.request ?? "")
    ? `web:${fields.request}`
    : `web:${crypto.randomUUID()}`;
  return { userId: c.get("session").userId, eventId, at: c.get("rt").now() };
}

async function formFields(c: WebContext): Promise<Fields> {
  const body = await c.req.parseBody();
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(body))
    if (typeof value === "string") fields[name] = value;
  return fields;
}

/**
 * Runs the form's action as the chat command it stands for, if the page offers it, and gives
 * the page's context with the command's answers (or what was wrong with the form).
 */
async function runAction(c: WebContext, fields: Fields, offered: string[]): Promise<PageContext> {
  const action = fields.action ?? "";
  const requestId = fields.request ?? "";
  if (!REQUEST_ID.test(requestId))
    return pageContext(c, { problem: "This form is out of date: reload the page." });
  if (!offered.some((prefix) => action.startsWith(prefix)))
    return pageContext(c, { problem: `This page has no action ${action || "(none)"}.` });
  let line: ReturnType<typeof commandLineOf>;
  try {
    line = commandLineOf(action, fields);
  } catch (error) {
    if (!(error instanceof FieldError)) throw error;
    return pageContext(c, { problem: error.message });
  }
  if (!line) return pageContext(c, { problem: `This page has no action ${action}.` });
  const run = await runCoreCommand(
    c.get("rt"),
    c.get("session"),
    line.command,
    line.args,
    requestId,
  );
  const secret = action === "cfg.set" && looksSecret(fields.key ?? "");
  return pageContext(c, {
    answers: secret ? maskAnswers(run.answers, fields.value ?? "") : run.answers,
  });
}

async function modulesPage(
  c: WebContext,
  ctx: PageContext,
  preview?: { url: string; sha256: string },
) {
  const rt = c.get("rt");
  const settings = await loadSettings(rt.d1, rt.config);
  await rt.ready(settings.modulesRev);
  const view = await modulesView(rt, settings);
  return c.html(<ModulesPage ctx={ctx} view={{ ...view, preview }} />);
}

async function accessPage(c: WebContext, ctx: PageContext) {
  const rt = c.get("rt");
  const settings = await loadSettings(rt.d1, rt.config);
  return c.html(<AccessPage ctx={ctx} view={await accessView(rt, settings)} />);
}

function backupPage(c: WebContext, ctx: PageContext) {
  return c.html(<BackupPage ctx={ctx} maxMiB={MAX_BACKUP_BYTES / 1024 / 1024} />);
}
