import { ActionButton, Form, Page, type PageContext } from "./layout";
import { timeLeft, when } from "./time";

export interface AccessView {
  now: number;
  prefix: string;
  sudos: { userId: string; addedBy: string; addedAt: number }[];
  grants: { userId: string; target: string; kind: "module" | "command" }[];
  tsec: { userId: string; command: string; expiresAt: number }[];
}

const PAGE = "/admin/access";

export function AccessPage(props: { ctx: PageContext; view: AccessView }) {
  const { ctx, view } = props;
  const user = (
    <label>
      User
      <input type="text" name="user" required placeholder="@user:server" />
    </label>
  );
  return (
    <Page page="access" title="Access" ctx={ctx}>
      <section>
        <h2>SUDO users</h2>
        <p class="muted">They may run everything but OWNER commands.</p>
        <Rows
          empty="No sudos."
          rows={view.sudos.map((s) => ({
            cells: [s.userId, `added by ${s.addedBy}, ${when(s.addedAt)}`],
            remove: (
              <ActionButton
                ctx={ctx}
                page={PAGE}
                action="sudo.rm"
                fields={{ user: s.userId }}
                label="Remove"
                danger
              />
            ),
          }))}
        />
        <Form action={PAGE} ctx={ctx} class="row">
          <input type="hidden" name="action" value="sudo.add" />
          {user}
          <button type="submit">Add sudo</button>
        </Form>
      </section>
      <section>
        <h2>Module access</h2>
        <p class="muted">One module's commands, or one command, for one user (never OWNER ones).</p>
        <Rows
          empty="No grants."
          rows={view.grants.map((g) => ({
            cells: [
              g.userId,
              g.kind === "command" ? `${view.prefix}${g.target}` : g.target,
              g.kind,
            ],
            remove: (
              <ActionButton
                ctx={ctx}
                page={PAGE}
                action="modaccess.rm"
                fields={{ user: g.userId, target: g.target }}
                label="Revoke"
                danger
              />
            ),
          }))}
        />
        <Form action={PAGE} ctx={ctx} class="row">
          <input type="hidden" name="action" value="modaccess.add" />
          {user}
          <label>
            Module or command
            <input type="text" name="target" required placeholder="Notes" />
          </label>
          <button type="submit">Grant</button>
        </Form>
      </section>
      <section>
        <h2>Temporary access (tsec)</h2>
        <Rows
          empty="No live grants."
          rows={view.tsec.map((t) => ({
            cells: [
              t.userId,
              `${view.prefix}${t.command}`,
              `${timeLeft(t.expiresAt, view.now)} left`,
            ],
            remove: (
              <ActionButton
                ctx={ctx}
                page={PAGE}
                action="tsec.rm"
                fields={{ user: t.userId, command: t.command }}
                label="Revoke"
                danger
              />
            ),
          }))}
        />
        <Form action={PAGE} ctx={ctx} class="row">
          <input type="hidden" name="action" value="tsec.add" />
          {user}
          <label>
            Command
            <input type="text" name="command" required placeholder="ping" />
          </label>
          <label>
            Minutes
            <input type="number" name="minutes" required min="1" max="10080" value="30" />
          </label>
          <button type="submit">Grant for a while</button>
        </Form>
      </section>
    </Page>
  );
}

function Rows(props: { empty: string; rows: { cells: string[]; remove: unknown }[] }) {
  if (props.rows.length === 0) return <p class="muted">{props.empty}</p>;
  return (
    <table>
      <tbody>
        {props.rows.map((row) => (
          <tr>
            {row.cells.map((cell) => (
              <td>{cell}</td>
            ))}
            <td class="actions">{row.remove}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
