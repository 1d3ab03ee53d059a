import type { StatusFacts } from "../status-facts";
import { Page, type PageContext } from "./layout";
import { when } from "./time";

export function StatusPage(props: { ctx: PageContext; facts: StatusFacts }) {
  const { facts } = props;
  return (
    <Page page="status" title="Status" ctx={props.ctx}>
      <section>
        <dl>
          <dt>Version</dt>
          <dd>MXUserbot {facts.version}</dd>
          <dt>Mode</dt>
          <dd>{facts.modes.join(" + ")}</dd>
          <dt>Homeserver</dt>
          <dd>
            {facts.homeserver.url}{" "}
            <span class={facts.homeserver.reachable ? "ok" : "bad"}>{facts.homeserver.detail}</span>
          </dd>
          {facts.sync ? (
            <>
              <dt>Sync position</dt>
              <dd>
                {facts.sync.nextBatch ?? "not started"}
                {facts.sync.updatedAt ? (
                  <span class="muted"> · {when(facts.sync.updatedAt)}</span>
                ) : null}
                {facts.sync.stopped ? <div class="bad">stopped: {facts.sync.stopped}</div> : null}
              </dd>
            </>
          ) : null}
          <dt>Modules run</dt>
          <dd>{facts.runner}</dd>
          <dt>Encrypted rooms</dt>
          <dd>{facts.encryptedRooms}</dd>
          <dt>Prefix</dt>
          <dd>
            <code>{facts.prefix}</code>
          </dd>
        </dl>
      </section>
      <section>
        <h2>Modules</h2>
        <dl>
          <dt>Loaded</dt>
          <dd>
            {facts.loaded.length === 0
              ? "none"
              : facts.loaded.map((m, i) => (
                  <>
                    {i > 0 ? ", " : ""}
                    {m.name}
                    {m.version ? ` ${m.version}` : ""}
                    {m.disabled ? <span class="tag">disabled</span> : null}
                  </>
                ))}
          </dd>
          <dt>Refused</dt>
          <dd>
            {facts.refused.length === 0 ? (
              "none"
            ) : (
              <ul class="plain">
                {facts.refused.map((r) => (
                  <li>
                    <strong>{r.name}</strong>: {r.reasons.join("; ")}
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </dl>
      </section>
      <section>
        <h2>Last errors</h2>
        {facts.errors.length === 0 ? (
          <p class="muted">None recorded.</p>
        ) : (
          <table>
            <tbody>
              {facts.errors.map((e) => (
                <tr>
                  <td class="muted">{when(e.at)}</td>
                  <td>
                    <pre>{e.text}</pre>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </Page>
  );
}
