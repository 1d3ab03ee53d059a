import { Hono } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import { createLogger, describeError, redact } from "../log";
import { finishLog } from "../logroom/flush";
import { backupRoutes } from "./backup-routes";
import {
  type Refusal,
  requireSession,
  SESSION_COOKIE,
  sameOrigin,
  securityHeaders,
  type WebEnv,
} from "./guard";
import { pages } from "./page-routes";
import { Notice } from "./pages/layout";
import { LinkUsed, LoginPage } from "./pages/login";
import { styleHash } from "./pages/style";
import { endSession, loginTokenIsLive, redeemLoginToken, SESSION_MS } from "./session";

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

admin.route("/", pages);
admin.route("/backup", backupRoutes);
