import { Page, type PageContext } from "./layout";
import { when } from "./time";

export interface AuditView {
  entries: {
    at: number;
    actor: string;
    action: string;
    target: string | null;
    detail: string | null;
    eventId: string | null;
  }[];
  actors: string[];
  kinds: string[];
  filter: { actor: string; kind: string };
  limit: number;
}

export function AuditPage(props: { ctx: PageContext; view: AuditView }) {
  const { view } = props;
  return (
    <Page page="audit" title="Audit log" ctx={props.ctx}>
      <section>
        <form method="get" action="/admin/audit" class="row">
          <label>
            Who
            <select name="actor">
              <option value="">anyone</option>
              {view.actors.map((a) => (
                <option value={a} selected={a === view.filter.actor}>
                  {a}
                </option>
              ))}
            </select>
          </label>
          <label>
            Kind
            <select name="kind">
              <option value="">any</option>
              {view.kinds.map((k) => (
                <option value={k} selected={k === view.filter.kind}>
                  {k}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">Filter</button>
        </form>
      </section>
      <section>
        <p class="muted">
          The latest {view.limit} entries
          {view.entries.length < view.limit ? "" : " (older ones are not shown)"}. Changes made here
          carry an event id starting with <code>web:</code>.
        </p>
        {view.entries.length === 0 ? (
          <p class="muted">Nothing yet.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>When</th>
                <th>Who</th>
                <th>What</th>
                <th>Detail</th>
              </tr>
            </thead>
            <tbody>
              {view.entries.map((e) => (
                <tr>
                  <td class="muted">{when(e.at)}</td>
                  <td>{e.actor}</td>
                  <td>
                    <code>{e.action}</code> {e.target ?? ""}
                  </td>
                  <td>
                    {e.detail ?? ""}
                    {e.eventId ? <div class="muted">{e.eventId}</div> : null}
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
