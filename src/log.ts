/**
 * Short log lines for `wrangler tail`. Anything that looks like a token is masked, so a
 * homeserver error echoing a URL or header cannot leak one.
 */
const TOKEN_PATTERNS = [
  /(access_token=)[^&\s"]+/gi,
  /([?&](?:api_?key|key|token|secret|password)=)[^&\s"]+/gi,
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

export type LogLevel = "info" | "warn" | "error";

/**
 * Where warnings and errors go besides the console: the invocation's journal, saved for `.logs`
 * and posted to the log room. Its `secrets` (module config values) are masked like tokens.
 */
export interface LogSink {
  readonly secrets: Iterable<string>;
  record(level: LogLevel, text: string): void;
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
  sink?: LogSink,
): Logger {
  const masked = (message: string) => redact(message, [...secrets, ...(sink?.secrets ?? [])]);
  // A module's lines say whose they are; the core's need no label.
  const label = scope.includes(":") ? `[${scope.slice(scope.indexOf(":") + 1)}] ` : "";
  const report = (level: LogLevel, message: string, print: (line: string) => void) => {
    const text = masked(message);
    print(`[${scope}] ${text}`);
    sink?.record(level, `${label}${text}`);
  };
  return {
    info: (message) => console.log(`[${scope}] ${masked(message)}`),
    warn: (message) => report("warn", message, console.warn),
    error: (message) => report("error", message, console.error),
    child: (child) => createLogger(`${scope}:${child}`, secrets, sink),
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
