import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { Config } from "../config";
import type { Env } from "../env";
import { createRuntime, type Runtime } from "../runtime";
import { csrfTokenOf, findSession, type WebSession } from "./session";

export const SESSION_COOKIE = "mxub_session";

export type WebEnv = {
  Bindings: Env;
  Variables: {
    config: Config;
    rt: Runtime;
    session: WebSession;
    /** Goes into every form of the page; a POST without it is refused. */
    csrf: string;
  };
};

/** What a refused request gets: a status and a short page saying why and what to do. */
export type Refusal = (
  c: Context<WebEnv>,
  status: 401 | 403 | 429,
  message: string,
) => Response | Promise<Response>;

/**
 * Every response of the dashboard: never cached, never framed, no referrer to other sites (a
 * login link's token must not leak; same-origin keeps the `Origin` header that POSTs are checked
 * by, which Chromium sends as "null" under no-referrer), no script at all, only its own styles.
 */
export function securityHeaders(styleHash: () => Promise<string>): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    h.set("cache-control", "no-store");
    h.set("referrer-policy", "same-origin");
    h.set("x-content-type-options", "nosniff");
    h.set("x-frame-options", "DENY");
    h.set(
      "content-security-policy",
      `default-src 'none'; style-src '${await styleHash()}'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
    );
  };
}

/**
 * A request that changes something must come from the dashboard's own pages: the browser's
 * `Origin` (and `Sec-Fetch-Site`, when sent) say the form was on this very origin.
 */
export function sameOrigin(refuse: Refusal): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    if (c.req.method !== "GET" && c.req.method !== "HEAD") {
      const origin = c.req.header("origin");
      const site = c.req.header("sec-fetch-site");
      if (origin !== new URL(c.req.url).origin || (site !== undefined && site !== "same-origin"))
        return refuse(c, 403, "This request did not come from the dashboard's own page.");
    }
    await next();
  };
}

/**
 * The session cookie must name a live session of someone who is still an owner; then the page
 * gets the session, a runtime, and the session's CSRF token, which every POST must carry.
 */
export function requireSession(refuse: Refusal): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    const sessionId = getCookie(c, SESSION_COOKIE);
    const config = c.get("config");
    const session = sessionId ? await findSession(c.env.DB, sessionId, Date.now()) : null;
    if (!sessionId || !session || !config.owners.has(session.userId))
      return refuse(
        c,
        401,
        "You are not logged in, or your session has ended. Type .web in a Matrix room for a login link.",
      );
    const csrf = await csrfTokenOf(sessionId);
    if (c.req.method === "POST") {
      const sent = await formField(c, "csrf");
      if (!(await sameText(sent, csrf)))
        return refuse(
          c,
          403,
          "This form is out of date or was not sent by the dashboard: reload the page.",
        );
    }
    c.set("session", session);
    c.set("csrf", csrf);
    c.set("rt", createRuntime(c.env, config));
    await next();
  };
}

/** One field of a submitted form (url-encoded or multipart); "" when absent or a file. */
export async function formField(c: Context<WebEnv>, name: string): Promise<string> {
  const body = await c.req.parseBody();
  const value = body[name];
  return typeof value === "string" ? value : "";
}

const digest = (text: string) => crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));

async function sameText(a: string, b: string): Promise<boolean> {
  return crypto.subtle.timingSafeEqual(await digest(a), await digest(b));
}
