/** The dashboard's only stylesheet, inline; the CSP allows exactly this text (by its hash). */
export const STYLE = `
:root { color-scheme: light dark; --fg: #1d2330; --muted: #5d6677; --bg: #f5f6f8; --card: #fff;
  --line: #dde1e8; --accent: #0b6bcb; --danger: #b42318; --ok: #067647; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e9ef; --muted: #9aa3b5; --bg: #14171c;
  --card: #1c2027; --line: #303642; --accent: #5aa9ff; --danger: #ff7b72; --ok: #4ac26b; } }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif;
  color: var(--fg); background: var(--bg); }
header { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between;
  gap: .5rem 1rem; padding: .6rem 1rem; background: var(--card); border-bottom: 1px solid var(--line); }
nav { display: flex; flex-wrap: wrap; align-items: center; gap: .25rem .9rem; }
nav a { color: var(--muted); text-decoration: none; padding: .2rem 0; }
nav a[aria-current=page] { color: var(--fg); border-bottom: 2px solid var(--accent); }
.brand { margin-right: .5rem; }
.who { color: var(--muted); font-size: .9em; margin-right: .5rem; word-break: break-all; }
main { max-width: 62rem; margin: 0 auto; padding: 1rem; }
main.narrow { max-width: 32rem; padding-top: 3rem; }
h1 { font-size: 1.4rem; margin: .5rem 0 1rem; }
h2 { font-size: 1.1rem; margin: 0 0 .6rem; }
section { background: var(--card); border: 1px solid var(--line); border-radius: 8px;
  padding: .9rem 1rem; margin: 0 0 1rem; overflow-x: auto; }
section.answer { border-left: 4px solid var(--accent); }
section.problem { border-left-color: var(--danger); }
pre { margin: 0; white-space: pre-wrap; word-break: break-word; font: .9em/1.45 ui-monospace, monospace; }
pre + pre { margin-top: .6rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; font-size: .85em; }
td.actions { text-align: right; white-space: nowrap; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; margin: 0; }
dt { color: var(--muted); }
dd { margin: 0; word-break: break-word; }
form { margin: 0; }
form.inline { display: inline; }
form.row { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; margin-top: .8rem; }
label { display: flex; flex-direction: column; gap: .15rem; font-size: .85em; color: var(--muted); }
label.check { flex-direction: row; align-items: center; gap: .35rem; }
input, select, button { font: inherit; color: inherit; }
input[type=text], input[type=url], input[type=number], input[type=file], select { padding: .35rem .5rem;
  border: 1px solid var(--line); border-radius: 6px; background: var(--bg); min-width: 10rem; }
button { padding: .35rem .8rem; border: 1px solid var(--accent); border-radius: 6px;
  background: var(--accent); color: #fff; cursor: pointer; }
button.danger { background: transparent; color: var(--danger); border-color: var(--danger); }
button.link { background: none; border: none; color: var(--accent); padding: 0; }
.muted { color: var(--muted); }
.ok { color: var(--ok); }
.bad { color: var(--danger); }
.tag { display: inline-block; font-size: .8em; padding: 0 .4rem; border-radius: 4px;
  border: 1px solid var(--line); color: var(--muted); margin-left: .3rem; }
ul.plain { margin: 0; padding-left: 1.1rem; }
@media (max-width: 40rem) {
  table, tbody, tr, td { display: block; }
  thead { display: none; }
  tr { padding: .45rem 0; border-bottom: 1px solid var(--line); }
  td { border: none; padding: .1rem 0; word-break: break-word; }
  td.actions { text-align: left; padding-top: .3rem; }
  dl { grid-template-columns: 1fr; gap: 0; }
  dd { margin-bottom: .45rem; }
}
`;

let hash: Promise<string> | undefined;

/** The CSP source that allows the stylesheet above and nothing else. */
export function styleHash(): Promise<string> {
  hash ??= crypto.subtle
    .digest("SHA-256", new TextEncoder().encode(STYLE))
    .then((d) => `sha256-${btoa(String.fromCharCode(...new Uint8Array(d)))}`);
  return hash;
}
