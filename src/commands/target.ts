import { MXID } from "../config";
import { inReplyTo, isMessage, type MessageContent } from "../matrix/events";
import type { CommandContext } from "../sdk/types";
import { UsageError } from "../sdk/usage-error";
import { parseCommand, splitArgs } from "./parse";

const MATRIX_TO = /^https:\/\/matrix\.to\/#\/([^?"'\s]+)/;
const PILL = /<a\s[^>]*href=["'](https:\/\/matrix\.to\/#\/[^"']+)["'][^>]*>[\s\S]*?<\/a>/gi;
const REPLY_BLOCK = /<mx-reply>[\s\S]*?<\/mx-reply>/gi;

/**
 * The command's arguments with every user pill replaced by its MXID. Clients show a pill's
 * display name in `body`, so the MXID is only in `formatted_body`.
 */
export function argsWithPills(ctx: CommandContext, prefix: string): string[] {
  const { content } = ctx.event as { content: Partial<MessageContent> };
  if (!isMessage(ctx.event) || typeof content.formatted_body !== "string") return [...ctx.argv];
  const text = htmlToText(
    content.formatted_body
      .replace(REPLY_BLOCK, "")
      .replace(PILL, (whole, href: string) => userFromHref(href) ?? whole),
  );
  const parsed = parseCommand(text.trim(), prefix);
  return parsed ? splitArgs(parsed.args) : [...ctx.argv];
}

/**
 * Finds who a command is about: an explicit MXID (or pill) first in `args`; else the message's
 * `m.mentions`; else the sender of the message it replies to. Returns the target and the rest.
 */
export async function resolveTarget(
  ctx: CommandContext,
  args: readonly string[],
): Promise<{ target: string; rest: string[] }> {
  const [first, ...rest] = args;
  if (first?.startsWith("@")) {
    if (!MXID.test(first))
      throw new UsageError(`${first} is not a valid Matrix ID (like @user:server)`);
    return { target: first, rest };
  }
  const self = await ctx.matrix.whoami();
  const content = ctx.event.content as Partial<MessageContent>;
  const mentioned = content["m.mentions"]?.user_ids?.find(
    (id) => typeof id === "string" && MXID.test(id) && id !== self,
  );
  if (mentioned) return { target: mentioned, rest: [...args] };

  const repliedTo = isMessage(ctx.event) ? inReplyTo(ctx.event.content) : undefined;
  if (repliedTo) {
    const sender = await ctx.matrix
      .getEvent(ctx.roomId, repliedTo)
      .then((e) => e.sender)
      .catch(() => replyFallbackSender(content));
    if (sender && MXID.test(sender)) return { target: sender, rest: [...args] };
  }
  throw new UsageError("who? Give @user:server, a pill or a mention, or reply to their message");
}

function replyFallbackSender(content: Partial<MessageContent>): string | undefined {
  const block = content.formatted_body?.match(REPLY_BLOCK)?.[0];
  if (!block) return undefined;
  for (const match of block.matchAll(/href=["'](https:\/\/matrix\.to\/#\/[^"']+)["']/gi)) {
    const user = userFromHref(match[1] ?? "");
    if (user) return user;
  }
  return undefined;
}

function userFromHref(href: string): string | undefined {
  const raw = href.match(MATRIX_TO)?.[1];
  if (!raw) return undefined;
  try {
    const id = decodeURIComponent(raw);
    return MXID.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  "#39": "'",
  nbsp: " ",
};

function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, name: string) => ENTITIES[name] ?? "");
}
