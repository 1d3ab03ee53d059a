import { parseCommand, stripReplyFallback } from "../commands/parse";
import { SENT_BY_BOT } from "../matrix/content";
import { isMessage, type MessageEvent, type RoomEvent, replacedEventId } from "../matrix/events";
import type { LoadedCommand, LoadedHandler, LoadedWatcher, Registry } from "../modules/registry";
import type { CoreSettings } from "../settings";

/** Longest text a watcher pattern is matched against; what follows is not looked at. */
export const WATCHER_INPUT_LIMIT = 4_096;

export type Intent =
  | { kind: "command"; event: MessageEvent; command: LoadedCommand; args: string }
  | {
      kind: "watchers";
      event: MessageEvent;
      matches: { watcher: LoadedWatcher; match: RegExpMatchArray }[];
    }
  | { kind: "handlers"; event: RoomEvent; handlers: readonly LoadedHandler[] }
  /** An owner's command the bot cannot run: they hear why; anyone else gets silence. */
  | { kind: "unknown"; event: MessageEvent; name: string; disabled?: string };

/** What a typed command name looks like; `...` or `.5` are not commands. */
const COMMAND_WORD = /^[a-z][a-z0-9_-]*$/i;

/** Decides, without any I/O, whether an event needs the bot at all. */
export function classify(
  event: RoomEvent,
  registry: Registry,
  settings: CoreSettings,
  botUserId: string,
  owners: ReadonlySet<string> = new Set([botUserId]),
): Intent | null {
  const enabled = (module: { name: string; trusted: boolean }) =>
    module.trusted || !settings.disabledModules.has(module.name);

  if (
    event.sender === botUserId &&
    (event.content as Record<string, unknown>)[SENT_BY_BOT] === true
  )
    return null;

  if (!isMessage(event)) {
    const handlers = registry.handlers(event.type).filter((h) => enabled(h.module));
    return handlers.length > 0 ? { kind: "handlers", event, handlers } : null;
  }
  // Edits re-send a message's text; acting on them would run a command twice.
  if (replacedEventId(event.content)) return null;

  const text = stripReplyFallback(event.content);
  const parsed = parseCommand(text, settings.prefix);
  if (parsed) {
    const command = registry.command(parsed.name);
    if (command && enabled(command.module))
      return { kind: "command", event, command, args: parsed.args };
    if (owners.has(event.sender) && COMMAND_WORD.test(parsed.name))
      return command
        ? { kind: "unknown", event, name: parsed.name, disabled: command.module.name }
        : { kind: "unknown", event, name: parsed.name };
    if (command) return null;
  }

  const matches: { watcher: LoadedWatcher; match: RegExpMatchArray }[] = [];
  // Any sender's text reaches watchers before access is known: bound what a pattern may cost.
  const watched = text.slice(0, WATCHER_INPUT_LIMIT);
  for (const watcher of registry.watchers) {
    if (!enabled(watcher.module)) continue;
    const match = watched.match(watcher.pattern);
    if (match) matches.push({ watcher, match });
  }
  return matches.length > 0 ? { kind: "watchers", event, matches } : null;
}
