/** Config keys whose values the dashboard never shows: API keys, tokens, passwords. */
const SECRET_KEY = /key|token|secret|pass|auth|cookie|credential/i;

export const HIDDEN = "•••••• (hidden)";

export function looksSecret(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** An audit detail with a secret config value hidden: `cfg.set` records `key=value`. */
export function maskAuditDetail(action: string, detail: string | null): string | null {
  if (action !== "cfg.set" || detail === null) return detail;
  const key = detail.split("=", 1)[0] ?? "";
  return looksSecret(key) ? `${key}=${HIDDEN}` : detail;
}

/** The command's answers with a value the owner just set for a secret key hidden. */
export function maskAnswers(answers: readonly string[], value: string): string[] {
  const text = value.trim();
  if (text.length === 0) return [...answers];
  const shown = [text, JSON.stringify(text)];
  return answers.map((a) => shown.reduce((out, s) => out.split(s).join(HIDDEN), a));
}
