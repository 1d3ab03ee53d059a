import type { Context } from "hono";
import type { Actor } from "../access/store";
import type { Fields } from "./actions";
import type { WebEnv } from "./guard";
import type { PageContext } from "./pages/layout";

export type WebContext = Context<WebEnv>;

/** A dashboard request id: a UUID the form carried, so a form sent twice acts once. */
export const REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const STALE_FORM = "This form is out of date: reload the page.";

/** What every signed-in page needs, plus the answers or problem of the form just sent. */
export function pageContext(c: WebContext, extra: Partial<PageContext> = {}): PageContext {
  return { user: c.get("session").userId, csrf: c.get("csrf"), ...extra };
}

/** The text fields of the submitted form (files left out). */
export async function formFields(c: WebContext): Promise<Fields> {
  const body = await c.req.parseBody();
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(body))
    if (typeof value === "string") fields[name] = value;
  return fields;
}

/** Who made a change, as chat records it: the session's owner, and `web:<request id>`. */
export function webActor(c: WebContext, requestId: string): Actor {
  return { userId: c.get("session").userId, eventId: `web:${requestId}`, at: c.get("rt").now() };
}
