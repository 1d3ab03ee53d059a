import type { LogLevel, LogSink } from "../log";

/** A line as it is saved: when, how bad, what. */
export interface LogLine {
  at: number;
  level: LogLevel;
  text: string;
}

/** A saved line taken for the log room, formatted and masked. */
export interface PostableLine extends LogLine {
  id: number;
}

/** At most this many distinct lines are kept per invocation; a storm adds one line saying so. */
const MAX_LINES = 100;
/** Module config values at least this long are masked; shorter ones are words, not keys. */
const MIN_SECRET_LENGTH = 8;
const MAX_TEXT = 500;

/**
 * The warnings and errors of one invocation, held in memory until its end, when they are saved
 * with a batch it runs anyway (or one of their own) and posted to the log room. The same line
 * twice is kept once with a count, so a storm of errors stays one short message.
 */
export class Journal implements LogSink {
  readonly secrets = new Set<string>();
  private lines = new Map<string, LogLine & { times: number }>();
  private overflow = 0;
  private held: { room: string; lines: PostableLine[] }[] = [];

  constructor(private readonly now: () => number) {}

  record(level: LogLevel, text: string): void {
    const line = text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
    const seen = this.lines.get(line);
    if (seen) seen.times++;
    else if (this.lines.size < MAX_LINES)
      this.lines.set(line, { at: this.now(), level, text: line, times: 1 });
    else this.overflow++;
  }

  /** Masks these values (module config: API keys and the like) in every line from now on. */
  mask(values: Iterable<unknown>): void {
    for (const value of values) {
      if (typeof value === "string") {
        if (value.length >= MIN_SECRET_LENGTH) this.secrets.add(value);
      } else if (value && typeof value === "object") this.mask(Object.values(value));
    }
  }

  /** Lines recorded and not yet taken for saving. */
  get hasLines(): boolean {
    return this.lines.size > 0;
  }

  /** Something left to save or to post. */
  get pending(): boolean {
    return this.hasLines || this.held.length > 0;
  }

  /** The lines recorded so far, for saving; the journal forgets them. */
  take(): LogLine[] {
    const out = [...this.lines.values()].map(({ at, level, text, times }) => ({
      at,
      level,
      text: this.masked(times > 1 ? `${text} (×${times})` : text),
    }));
    if (this.overflow > 0)
      out.push({
        at: this.now(),
        level: "warn",
        text: `… and ${this.overflow} more line(s) in this invocation, not kept`,
      });
    this.lines.clear();
    this.overflow = 0;
    return out;
  }

  /** Saved lines this invocation took for the log room, to post at its end. */
  hold(room: string, lines: PostableLine[]): void {
    if (lines.length > 0) this.held.push({ room, lines });
  }

  /** What to post, by room; the journal forgets it. */
  takeHeld(): { room: string; lines: PostableLine[] }[] {
    const out = this.held;
    this.held = [];
    return out;
  }

  private masked(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join("***");
    return out;
  }
}
