import type { MessageInput } from "../sdk/types";

/** Marks events the bot itself sent, so their echoes never run commands (no loops). */
export const SENT_BY_BOT = "org.mxuserbot.sent";

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

export interface TextContent {
  msgtype: "m.text" | "m.notice";
  body: string;
  format: "org.matrix.custom.html";
  formatted_body: string;
}

export function textContent(
  input: MessageInput,
  msgtype: TextContent["msgtype"] = "m.text",
): TextContent {
  const body = typeof input === "string" ? input : input.body;
  const html =
    typeof input === "string" || input.html === undefined
      ? escapeHtml(body).replace(/\n/g, "<br>")
      : input.html;
  return { msgtype, body, format: "org.matrix.custom.html", formatted_body: html };
}

/** A new message from the bot. */
export function messageContent(input: MessageInput): Record<string, unknown> {
  return { ...textContent(input), [SENT_BY_BOT]: true };
}

/** A reply to `eventId` that mentions its sender. */
export function replyContent(
  input: MessageInput,
  eventId: string,
  sender: string,
): Record<string, unknown> {
  return {
    ...textContent(input),
    "m.relates_to": { "m.in_reply_to": { event_id: eventId } },
    "m.mentions": { user_ids: [sender] },
    [SENT_BY_BOT]: true,
  };
}

/** An edit (`m.replace`) of the bot account's own message `eventId`. */
export function editContent(input: MessageInput, eventId: string): Record<string, unknown> {
  const next = textContent(input);
  return {
    ...next,
    body: `* ${next.body}`,
    formatted_body: `* ${next.formatted_body}`,
    "m.new_content": { ...next, "m.mentions": {} },
    "m.relates_to": { rel_type: "m.replace", event_id: eventId },
    "m.mentions": {},
    [SENT_BY_BOT]: true,
  };
}
