/**
 * Short log lines for `wrangler tail`. Anything that looks like a token is masked, so a
 * homeserver error echoing a URL or header cannot leak one.
 */
const TOKEN_PATTERNS = [
  /(access_token=)[^&\s"]+/gi,
  /(Bearer\s+)[^\s"]+/gi,
  /(syt_)[A-Za-z0-9_]+/g,
];

export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets)
    if (secret && secret.length >= 4) out = out.split(secret).join("***");
  for (const pattern of TOKEN_PATTERNS) out = out.replace(pattern, "$1***");
  return out;
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  child(scope: string): Logger;
}

export function createLogger(
  scope = "mxuserbot",
  secrets: readonly (string | undefined)[] = [],
): Logger {
  const line = (message: string) => `[${scope}] ${redact(message, secrets)}`;
  return {
    info: (message) => console.log(line(message)),
    warn: (message) => console.warn(line(message)),
    error: (message) => console.error(line(message)),
    child: (child) => createLogger(`${scope}:${child}`, secrets),
  };
}

/**
 * A one-line description of an error, without its stack. Module code can throw anything, so
 * this never throws itself and never returns more than a line's worth.
 */
export function describeError(error: unknown): string {
  try {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return text.length > 500 ? `${text.slice(0, 500)}…` : text;
  } catch {
    return "an error that cannot be described";
  }
}
