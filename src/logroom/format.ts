import { redact } from "../log";
import { escapeHtml } from "../matrix/content";
import type { MessageInput } from "../sdk/types";
import { SETTING_CONFIG } from "../settings";
import type { PostableLine } from "./journal";
import type { LineRow } from "./statements";

const MAX_LINE = 500;

/** A saved line as shown: its text, or its audit entry with nothing secret in it. */
export function toPostable(row: LineRow): PostableLine {
  const text = row.text ?? auditText(row);
  return {
    id: row.id,
    at: row.at,
    level: row.level,
    text: text.length > MAX_LINE ? `${text.slice(0, MAX_LINE)}…` : text,
  };
}

/**
 * `cfg.set Weather apiKey by @owner:example.org`: who changed what. A module config value may be
 * an API key, so for config only the key is shown; other details go through the token masks.
 */
export function auditText(row: Pick<LineRow, "actor" | "action" | "target" | "detail">): string {
  if (row.action === null) return "audit: (the entry has been pruned)";
  const target = row.target?.startsWith(SETTING_CONFIG)
    ? row.target.slice(SETTING_CONFIG.length)
    : row.target;
  const detail = row.action.startsWith("cfg.")
    ? row.detail?.split("=")[0]
    : row.detail && redact(row.detail);
  const what = [row.action, target, detail].filter(Boolean).join(" ");
  return `audit: ${what}${row.actor ? ` by ${row.actor}` : ""}`;
}

const MAX_SHOWN = 50;
/** Characters of text per message: an edit carries it four times, and an event is at most 64 KiB. */
const MAX_CHARS = 8_000;
const ICONS: Record<PostableLine["level"], string> = { error: "⛔", warn: "⚠️", info: "📝" };

/** A headline and the lines (oldest first) as one message; when they do not fit, the newest. */
export function linesMessage(head: string, lines: readonly PostableLine[]): MessageInput {
  const shown: PostableLine[] = [];
  let chars = 0;
  for (const line of [...lines].reverse()) {
    chars += line.text.length + 20;
    if (shown.length === MAX_SHOWN || chars > MAX_CHARS) break;
    shown.unshift(line);
  }
  const more =
    lines.length > shown.length
      ? [`… ${lines.length - shown.length} earlier line(s) not shown (the logs command has them)`]
      : [];
  const text = shown.map((l) => `${ICONS[l.level]} ${clock(l.at)} ${l.text}`);
  return {
    body: [head, ...more, ...text].join("\n"),
    html: `${escapeHtml(head)}<br>${more.map((m) => `<i>${escapeHtml(m)}</i><br>`).join("")}${shown
      .map((l) => `${ICONS[l.level]} <code>${clock(l.at)}</code> ${escapeHtml(l.text)}`)
      .join("<br>")}`,
  };
}

/** HH:MM:SS in UTC, the date too when it is not today. */
function clock(at: number): string {
  const iso = new Date(at).toISOString();
  const today = new Date().toISOString().slice(0, 10);
  return iso.startsWith(today) ? iso.slice(11, 19) : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}
