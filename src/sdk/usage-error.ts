/**
 * Throw from a command to tell the user what they got wrong; they get the message and the
 * command's usage line, and nothing is logged as a failure.
 *
 * @example
 * if (!ctx.argv[0]) throw new UsageError("which note?");
 */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
