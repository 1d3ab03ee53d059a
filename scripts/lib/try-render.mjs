// `npm run try`: how the events the bot sent would look in a chat client. Pure functions of the
// events and of what the chat knows about earlier messages, so they are easy to test.

/**
 * @typedef {{ event_id: string, room_id: string, type: string, sender: string,
 *   content: Record<string, unknown>, state_key?: string }} SentEvent
 * @typedef {{ sender: string, body: string, byBot: boolean }} Known
 * @typedef {{ botLabel: string, room: string, known: Map<string, Known> }} View
 */

const INDENT = "    ";

/** The first line of a body, shortened to fit one terminal line. */
export function firstLine(/** @type {string} */ body, max = 60) {
  const line = body.split("\n", 1)[0] ?? "";
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** A multi-line body: the first line as is, the next ones indented under it. */
function block(/** @type {string} */ body) {
  return body.replace(/\n/g, `\n${INDENT}`);
}

/** @param {unknown} value */
const record = (value) =>
  typeof value === "object" && value !== null && !Array.isArray(value)
    ? /** @type {Record<string, unknown>} */ (value)
    : {};

/** @param {unknown} value */
const text = (value) => (typeof value === "string" ? value : "");

/** The body of a reply without its fallback quote ("> <@a:b> original" lines and a blank line). */
export function stripReplyFallback(/** @type {string} */ body) {
  const lines = body.split("\n");
  let i = 0;
  while (i < lines.length && lines[i]?.startsWith(">")) i++;
  if (i === 0) return body;
  if (lines[i] === "") i++;
  return lines.slice(i).join("\n");
}

/** "@friend:try.local: .ping", or the event id when the chat never saw that event. */
function describe(/** @type {View} */ view, /** @type {string} */ eventId) {
  const known = view.known.get(eventId);
  if (!known) return `an earlier message (${eventId})`;
  const who = known.byBot ? view.botLabel : known.sender;
  return `${who}: ${firstLine(known.body)}`;
}

/**
 * The lines a client would show for one event the bot sent, each starting with two spaces.
 * Records the event's body in `view.known` so later replies and edits can show what they target.
 * @param {SentEvent} event @param {View} view @returns {string[]}
 */
export function renderSent(event, view) {
  const where = event.room_id === view.room ? "" : `[${event.room_id}] `;
  const bot = view.botLabel;
  const content = event.content;
  const relation = record(content["m.relates_to"]);
  if (event.state_key !== undefined) {
    return [`  ${where}(${bot} set the room's ${event.type} state)`];
  }
  if (event.type === "m.reaction") {
    const key = text(relation.key);
    return [`  ${where}${bot} reacted ${key} to ${describe(view, text(relation.event_id))}`];
  }
  if (event.type === "m.room.redaction") {
    return [`  ${where}${bot} deleted ${describe(view, text(content.redacts))}`];
  }
  if (event.type !== "m.room.message") {
    return [`  ${where}(${bot} sent a ${event.type} event)`];
  }
  if (relation.rel_type === "m.replace") {
    const target = text(relation.event_id);
    const body = text(record(content["m.new_content"]).body) || text(content.body);
    const known = view.known.get(target);
    if (known) known.body = body;
    const whose = known && !known.byBot ? "your message" : `${bot}'s message`;
    return [`  ${where}✎ ${whose} is now: ${block(body)}`];
  }
  const body = text(content.body);
  const notice = content.msgtype === "m.notice" ? " (notice)" : "";
  const lines = [];
  const inReplyTo = text(record(relation["m.in_reply_to"]).event_id);
  const shown = inReplyTo ? stripReplyFallback(body) : body;
  if (inReplyTo) lines.push(`  ${where}↳ to ${describe(view, inReplyTo)}`);
  lines.push(`  ${inReplyTo ? "" : where}${bot}${notice}: ${block(shown)}`);
  view.known.set(event.event_id, { sender: event.sender, body: shown, byBot: true });
  return lines;
}
