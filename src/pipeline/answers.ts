import { UsageError } from "../sdk/usage-error";

/**
 * The answer to a user's mistake (`UsageError`): the message, then the usage line when the
 * handler is a command. null for any other error. Shared by the bot and the module harness.
 */
export function errorAnswer(
  error: unknown,
  prefix: string,
  command?: { name: string; usage?: string },
): string | null {
  if (!(error instanceof UsageError)) return null;
  const usage = command
    ? `\nUsage: ${prefix}${command.name}${command.usage ? ` ${command.usage}` : ""}`
    : "";
  return `❌ | ${String(error.message).slice(0, 1_000)}${usage}`;
}
