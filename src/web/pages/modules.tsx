import { ActionButton, Form, Page, type PageContext } from "./layout";
import { when } from "./time";

export interface ModuleView {
  name: string;
  version?: string;
  description?: string;
  disabled: boolean;
  /** Required config keys without a value. */
  missing: string[];
  config: { key: string; shown: string; description?: string; required: boolean }[];
}

export interface ModulesView {
  modules: ModuleView[];
  installed: { name: string; version: string | null; url: string; sha256: string; at: number }[];
  refused: { name: string; file: string; reasons: string[] }[];
  /** Why modules cannot be installed at run time, or null when they can. */
  installBlocked: string | null;
  /** A previewed install waiting for the owner's confirmation. */
  preview?: { url: string; sha256: string };
}

const PAGE = "/admin/modules";

export function ModulesPage(props: { ctx: PageContext; view: ModulesView }) {
  const { ctx, view } = props;
  return (
    <Page page="modules" title="Modules" ctx={ctx}>
      {view.preview ? <ConfirmInstall ctx={ctx} preview={view.preview} /> : null}
      <section>
        <h2>Loaded</h2>
        {view.modules.length === 0 ? (
          <p class="muted">No community modules are loaded.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>Module</th>
                <th>State</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {view.modules.map((m) => (
                <tr>
                  <td>
                    <strong>{m.name}</strong> <span class="muted">{m.version ?? ""}</span>
                    {m.description ? <div class="muted">{m.description}</div> : null}
                  </td>
                  <td>
                    {m.disabled ? (
                      <span class="bad">disabled</span>
                    ) : (
                      <span class="ok">enabled</span>
                    )}
                    {m.missing.length > 0 ? (
                      <div class="bad">waits for config: {m.missing.join(", ")}</div>
                    ) : null}
                  </td>
                  <td class="actions">
                    <ActionButton
                      ctx={ctx}
                      page={PAGE}
                      action={m.disabled ? "modules.enable" : "modules.disable"}
                      fields={{ module: m.name }}
                      label={m.disabled ? `Enable ${m.name}` : `Disable ${m.name}`}
                      danger={!m.disabled}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {view.modules
        .filter((m) => m.config.length > 0)
        .map((m) => (
          <ModuleConfig ctx={ctx} module={m} />
        ))}
      <section>
        <h2>Installed at run time</h2>
        {view.installed.length === 0 ? (
          <p class="muted">None.</p>
        ) : (
          <table>
            <tbody>
              {view.installed.map((m) => (
                <tr>
                  <td>
                    <strong>{m.name}</strong> <span class="muted">{m.version ?? ""}</span>
                    <div class="muted">
                      {m.url} · SHA-256 {m.sha256.slice(0, 12)}… · {when(m.at)}
                    </div>
                  </td>
                  <td class="actions">
                    <Form action={PAGE} ctx={ctx} class="inline">
                      <input type="hidden" name="action" value="modules.remove" />
                      <input type="hidden" name="module" value={m.name} />
                      <label class="check">
                        <input type="checkbox" name="purge" value="1" /> and its data
                      </label>
                      <button type="submit" class="danger">
                        Remove {m.name}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {view.installBlocked ? (
          <p class="muted">
            Installing from here needs the sandbox runner, and {view.installBlocked}. Add modules at
            deploy time with <code>npm run modules -- add &lt;url|Name&gt;</code>.
          </p>
        ) : (
          <Form action={PAGE} ctx={ctx} class="row">
            <input type="hidden" name="action" value="modules.install" />
            <label>
              Module URL or repository name
              <input type="text" name="url" required placeholder="https://…/module.ts" />
            </label>
            <button type="submit">Preview</button>
          </Form>
        )}
      </section>
      <section>
        <h2>Refused</h2>
        {view.refused.length === 0 ? (
          <p class="muted">None.</p>
        ) : (
          <ul class="plain">
            {view.refused.map((r) => (
              <li>
                <strong>{r.name}</strong> <span class="muted">({r.file})</span>:{" "}
                {r.reasons.join("; ")}
              </li>
            ))}
          </ul>
        )}
      </section>
    </Page>
  );
}

function ConfirmInstall(props: { ctx: PageContext; preview: { url: string; sha256: string } }) {
  const { preview } = props;
  return (
    <section>
      <h2>Install this file?</h2>
      <p>
        It is installed only if its content still has SHA-256 <code>{preview.sha256}</code>.
      </p>
      <Form action={PAGE} ctx={props.ctx}>
        <input type="hidden" name="action" value="modules.install" />
        <input type="hidden" name="url" value={preview.url} />
        <input type="hidden" name="sha256" value={preview.sha256} />
        <button type="submit">Install</button>
      </Form>
    </section>
  );
}

function ModuleConfig(props: { ctx: PageContext; module: ModuleView }) {
  const { module } = props;
  return (
    <section>
      <h2>{module.name} config</h2>
      <table>
        <tbody>
          {module.config.map((o) => (
            <tr>
              <td>
                <code>{o.key}</code>
                {o.required ? <span class="tag">required</span> : null}
              </td>
              <td>{o.shown}</td>
              <td class="muted">{o.description ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Form action={PAGE} ctx={props.ctx} class="row">
        <input type="hidden" name="action" value="cfg.set" />
        <input type="hidden" name="module" value={module.name} />
        <label>
          Key
          <select name="key">
            {module.config.map((o) => (
              <option value={o.key}>{o.key}</option>
            ))}
          </select>
        </label>
        <label>
          Value (JSON or text)
          <input type="text" name="value" />
        </label>
        <label class="check">
          <input type="checkbox" name="unset" value="1" /> unset
        </label>
        <button type="submit">Set</button>
      </Form>
    </section>
  );
}
