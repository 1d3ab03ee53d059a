import type { Env } from "../../src/env";
import type { FakeTenant } from "../helpers/homeserver";
import { call, conversation, envFor } from "../helpers/worker";

export const ORIGIN = "https://bot.test";

/** A dashboard client over one tenant: the chat, the login link, and pages with their forms. */
export function dashboard(tenant: FakeTenant, overrides: Partial<Env> = {}) {
  const testEnv = envFor(tenant, { PUBLIC_URL: ORIGIN, ...overrides });
  const ask = conversation(tenant, { PUBLIC_URL: ORIGIN, ...overrides });

  /** `.web` in chat; the token of the link it answered. */
  const link = async (opts: Parameters<typeof ask>[1] = {}) => {
    const answer = await ask(".web", opts);
    const token = answer?.match(/\/admin\/login\?token=([A-Za-z0-9_-]+)/)?.[1];
    if (!token) throw new Error(`no login link in ${answer}`);
    return token;
  };

  const post = (path: string, fields: Record<string, string>, headers: HeadersInit = {}) =>
    call(testEnv, path, {
      method: "POST",
      headers: {
        origin: ORIGIN,
        "content-type": "application/x-www-form-urlencoded",
        ...headers,
      },
      body: new URLSearchParams(fields).toString(),
    });

  /** Logs in with a fresh link; the session cookie's value. */
  const login = async (opts: Parameters<typeof ask>[1] = {}) => {
    const response = await post("/admin/login", { token: await link(opts) });
    const session = cookieOf(response);
    if (response.status !== 303 || !session) throw new Error(`login: ${response.status}`);
    return session;
  };

  const get = (path: string, session?: string) =>
    call(testEnv, path, { headers: session ? { cookie: `mxub_session=${session}` } : {} });

  /** A page's HTML and the CSRF token its forms carry. */
  const page = async (path: string, session: string) => {
    const response = await get(path, session);
    const html = await response.text();
    return { status: response.status, html, csrf: html.match(/name="csrf" value="([^"]+)"/)?.[1] };
  };

  /** Submits a form of `path` as the page would: its CSRF token, a fresh request id. */
  const submit = async (
    path: string,
    session: string,
    fields: Record<string, string>,
    pagePath = path,
  ) => {
    const { csrf } = await page(pagePath, session);
    const response = await post(
      path,
      { csrf: csrf ?? "", request: crypto.randomUUID(), ...fields },
      { cookie: `mxub_session=${session}` },
    );
    return { status: response.status, html: await response.text(), response };
  };

  return { env: testEnv, ask, link, post, login, get, page, submit };
}

export function cookieOf(response: Response): string | undefined {
  return response.headers.get("set-cookie")?.match(/mxub_session=([^;]*)/)?.[1] || undefined;
}

/** The text of the bot's answers shown on a page (HTML entities decoded). */
export function shownAnswers(html: string): string[] {
  const box = html.match(/<section class="answer"[^>]*>([\s\S]*?)<\/section>/)?.[1] ?? "";
  return [...box.matchAll(/<pre>([\s\S]*?)<\/pre>/g)].map((m) => decode(m[1] ?? ""));
}

/** The problem a page shows when a form was refused before running anything. */
export function shownProblem(html: string): string | undefined {
  const box = html.match(/<section class="answer problem"[^>]*>([\s\S]*?)<\/section>/)?.[1];
  return box === undefined ? undefined : decode(box.replace(/<[^>]+>/g, ""));
}

export function decode(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}
