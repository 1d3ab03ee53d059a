import { escapeHtml } from "../matrix/content";
import type { MessageInput } from "../sdk/types";

/** A headline and bullet lines, as `body` and matching HTML. */
export function listAnswer(head: string, items: readonly string[], empty: string): MessageInput {
  if (items.length === 0) return `${head} ${empty}`;
  return {
    body: [head, ...items.map((i) => `• ${i}`)].join("\n"),
    html: `${escapeHtml(head)}<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join("")}</ul>`,
  };
}

export function minutesLeft(until: number, now: number): number {
  return Math.max(1, Math.ceil((until - now) / 60_000));
}
