import { Document, Notice } from "./layout";

/**
 * The page a login link opens. Only its button uses the link up: a link preview (the
 * homeserver's, a chat client's) fetches the page, and must not log anyone in.
 */
export function LoginPage(props: { token: string }) {
  return (
    <Document title="Log in">
      <main class="narrow">
        <h1>MXUserbot dashboard</h1>
        <section>
          <p>This link logs you in once. The session lasts 12 hours, or until you log out.</p>
          <form method="post" action="/admin/login">
            <input type="hidden" name="token" value={props.token} />
            <button type="submit">Log in</button>
          </form>
        </section>
      </main>
    </Document>
  );
}

export function LinkUsed() {
  return (
    <Notice
      title="This link does not work"
      message="A login link works once, for 5 minutes. Type .web in a Matrix room for a new one."
    />
  );
}
