import { Form, Page, type PageContext } from "./layout";

export function BackupPage(props: { ctx: PageContext; maxMiB: number }) {
  const { ctx } = props;
  return (
    <Page page="backup" title="Backup and restore" ctx={ctx}>
      <section>
        <h2>Download a backup</h2>
        <p>
          All state as one JSON file: settings, access, module config and data, installed modules,
          the audit log. No tokens or E2EE keys are in it; module config and data are, so keep it
          private. <code>.backup</code> in chat makes the same file.
        </p>
        <Form action="/admin/backup/download" ctx={ctx}>
          <button type="submit">Download backup</button>
        </Form>
      </section>
      <section>
        <h2>Restore</h2>
        <p>
          Replaces all state with the file's, after checking all of it: all or nothing, as{" "}
          <code>.restore</code> does in chat. At most {props.maxMiB} MiB.
        </p>
        <Form action="/admin/backup/restore" ctx={ctx} class="row" upload>
          <label>
            Backup file
            <input type="file" name="file" accept="application/json,.json" required />
          </label>
          <label class="check">
            <input type="checkbox" name="confirm" value="1" required /> replace everything
          </label>
          <button type="submit" class="danger">
            Restore
          </button>
        </Form>
      </section>
    </Page>
  );
}
