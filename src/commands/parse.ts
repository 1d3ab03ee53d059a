import type { MessageContent } from "../matrix/events";

export interface ParsedCommand {
  /** The command word as typed, lower-cased. */
  name: string;
  args: string;
}

/** Clients older than Matrix 1.13 prepend a quoted copy of the replied-to message. */
export function stripReplyFallback(content: MessageContent): string {
  const rel = content["m.relates_to"];
  const body = content.body;
  if (!rel || !("m.in_reply_to" in rel) || !body.startsWith("> ")) return body;
  const lines = body.split("\n");
  let i = 0;
  while (i < lines.length && lines[i]?.startsWith(">")) i++;
  if (lines[i] === "") i++;
  return lines.slice(i).join("\n");
}

/** `.name rest of line` → { name, args }, or null when the text is not a command. */
export function parseCommand(text: string, prefix: string): ParsedCommand | null {
  if (!text.startsWith(prefix)) return null;
  const match = /^(\S+)(?:\s+([\s\S]*))?$/.exec(text.slice(prefix.length));
  if (!match?.[1]) return null;
  return { name: match[1].toLowerCase(), args: (match[2] ?? "").trim() };
}

/** Splits arguments on whitespace; "double" and 'single' quotes group, backslash escapes. */
export function splitArgs(args: string): string[] {
  const out: string[] = [];
  let current = "";
  let quote: string | null = null;
  let started = false;
  for (let i = 0; i < args.length; i++) {
    const c = args[i] as string;
    if (c === "\\" && i + 1 < args.length) {
      current += args[++i];
      started = true;
    } else if (quote) {
      if (c === quote) quote = null;
      else current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      started = true;
    } else if (/\s/.test(c)) {
      if (started) out.push(current);
      current = "";
      started = false;
    } else {
      current += c;
      started = true;
    }
  }
  if (started) out.push(current);
  return out;
}
