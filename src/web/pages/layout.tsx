import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import { STYLE } from "./style";

export type PageName = "status" | "modules" | "access" | "audit" | "backup";

const NAV: { page: PageName; href: string; label: string }[] = [
  { page: "status", href: "/admin", label: "Status" },
  { page: "modules", href: "/admin/modules", label: "Modules" },
  { page: "access", href: "/admin/access", label: "Access" },
  { page: "audit", href: "/admin/audit", label: "Audit log" },
  { page: "backup", href: "/admin/backup", label: "Backup" },
];

/** What every signed-in page knows: who is signed in, and the tokens its forms carry. */
export interface PageContext {
  user: string;
  csrf: string;
  /** Answers of the command the last form ran, shown on top of the page. */
  answers?: readonly string[];
  /** Set when a form was refused before any command ran. */
  problem?: string;
}

export function Document(props: { title: string; children: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="same-origin" />
        <title>{props.title} · MXUserbot</title>
        <style>{raw(STYLE)}</style>
      </head>
      <body>{props.children}</body>
    </html>
  );
}

/** A signed-in page: the navigation, the answers of the last action, then the page itself. */
export function Page(props: { page: PageName; title: string; ctx: PageContext; children: Child }) {
  const { ctx } = props;
  return (
    <Document title={props.title}>
      <header>
        <nav>
          <strong class="brand">MXUserbot</strong>
          {NAV.map((item) => (
            <a href={item.href} aria-current={item.page === props.page ? "page" : undefined}>
              {item.label}
            </a>
          ))}
        </nav>
        <Form action="/admin/logout" ctx={ctx} class="logout">
          <span class="who">{ctx.user}</span>
          <button type="submit" class="link">
            Log out
          </button>
        </Form>
      </header>
      <main>
        <h1>{props.title}</h1>
        {ctx.problem ? (
          <section class="answer problem" role="alert">
            <pre>❌ | {ctx.problem}</pre>
          </section>
        ) : null}
        {ctx.answers && ctx.answers.length > 0 ? (
          <section class="answer" role="status" aria-label="The bot's answer">
            {ctx.answers.map((text) => (
              <pre>{text}</pre>
            ))}
          </section>
        ) : null}
        {props.children}
      </main>
    </Document>
  );
}

/**
 * A POST form of the dashboard: it carries the session's CSRF token and a fresh request id,
 * so sending it twice (a double click, a reload) changes things once.
 */
export function Form(props: {
  action: string;
  ctx: Pick<PageContext, "csrf">;
  children: Child;
  class?: string;
  upload?: boolean;
}) {
  return (
    <form
      method="post"
      action={props.action}
      class={props.class}
      enctype={props.upload ? "multipart/form-data" : undefined}
    >
      <input type="hidden" name="csrf" value={props.ctx.csrf} />
      <input type="hidden" name="request" value={crypto.randomUUID()} />
      {props.children}
    </form>
  );
}

/** A one-button form for an action on one row (remove this sudo, disable that module). */
export function ActionButton(props: {
  action: string;
  page: string;
  fields: Record<string, string>;
  label: string;
  ctx: Pick<PageContext, "csrf">;
  danger?: boolean;
}) {
  return (
    <Form action={props.page} ctx={props.ctx} class="inline">
      <input type="hidden" name="action" value={props.action} />
      {Object.entries(props.fields).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <button type="submit" class={props.danger ? "danger" : undefined}>
        {props.label}
      </button>
    </Form>
  );
}

/** A page for someone without a session, or a refused request. */
export function Notice(props: { title: string; message: string; children?: Child }) {
  return (
    <Document title={props.title}>
      <main class="narrow">
        <h1>{props.title}</h1>
        <p>{props.message}</p>
        {props.children}
      </main>
    </Document>
  );
}
