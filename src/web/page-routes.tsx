import { Hono } from "hono";
import { loadSettings } from "../settings";
import { commandLineOf, FieldError, type Fields } from "./actions";
import { formFields, pageContext, REQUEST_ID, STALE_FORM, type WebContext } from "./form";
import type { WebEnv } from "./guard";
import { AccessPage } from "./pages/access";
import { AuditPage } from "./pages/audit";
import type { PageContext } from "./pages/layout";
import { ModulesPage } from "./pages/modules";
import { StatusPage } from "./pages/status";
import { runCoreCommand } from "./run-command";
import { looksSecret, maskAnswers } from "./secrets";
import { statusFacts } from "./status-facts";
import { accessView, auditView, modulesView } from "./views";

/** Status, modules, access and audit: a GET shows the page, a POST runs one of its actions. */
export const pages = new Hono<WebEnv>();

pages.get("/", async (c) => {
  const rt = c.get("rt");
  const settings = await loadSettings(rt.d1, rt.config);
  await rt.ready(settings.modulesRev);
  return c.html(<StatusPage ctx={pageContext(c)} facts={await statusFacts(rt, settings)} />);
});

pages.get("/modules", (c) => modulesPage(c, pageContext(c)));
pages.post("/modules", async (c) => {
  const fields = await formFields(c);
  const ran = await runAction(c, fields, ["modules.", "cfg."]);
  // An install without --sha256 answers with a preview: offer to confirm exactly that file.
  const sha256 =
    fields.action === "modules.install" && !fields.sha256
      ? ran.answers?.join("\n").match(/--sha256 ([0-9a-f]{64})/)?.[1]
      : undefined;
  return modulesPage(c, ran, sha256 ? { url: (fields.url ?? "").trim(), sha256 } : undefined);
});

pages.get("/access", (c) => accessPage(c, pageContext(c)));
pages.post("/access", async (c) =>
  accessPage(c, await runAction(c, await formFields(c), ["sudo.", "modaccess.", "tsec."])),
);

pages.get("/audit", async (c) => {
  const filter = { actor: c.req.query("actor") ?? "", kind: c.req.query("kind") ?? "" };
  return c.html(<AuditPage ctx={pageContext(c)} view={await auditView(c.env.DB, filter)} />);
});

/**
 * Runs the form's action as the chat command it stands for, if the page offers it, and gives
 * the page's context with the command's answers (or what was wrong with the form).
 */
async function runAction(c: WebContext, fields: Fields, offered: string[]): Promise<PageContext> {
  const action = fields.action ?? "";
  const requestId = fields.request ?? "";
  if (!REQUEST_ID.test(requestId)) return pageContext(c, { problem: STALE_FORM });
  let line: ReturnType<typeof commandLineOf> = null;
  try {
    if (offered.some((prefix) => action.startsWith(prefix))) line = commandLineOf(action, fields);
  } catch (error) {
    if (!(error instanceof FieldError)) throw error;
    return pageContext(c, { problem: error.message });
  }
  if (!line) return pageContext(c, { problem: `This page has no action ${action || "(none)"}.` });
  const { rt, session } = { rt: c.get("rt"), session: c.get("session") };
  const run = await runCoreCommand(rt, session, line.command, line.args, requestId);
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
