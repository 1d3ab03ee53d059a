import { isSafePattern } from "redos-detector";

/** Longest text a watcher pattern is matched against; what follows is not looked at. */
export const WATCHER_INPUT_LIMIT = 4_096;

/**
 * Why a watcher pattern may not run on strangers' messages, or null when it is safe.
 * redos-detector (pure JS, small enough for the Worker) scores how many ways one input can
 * match; a pattern that may backtrack without bound, or that cannot be proved safe within
 * the time budget, is refused.
 */
export function regexProblem(source: string, flags: string, timeoutMs = 200): string | null {
  try {
    new RegExp(source, flags);
  } catch (error) {
    return `the pattern /${source}/${flags} is not a valid regular expression: ${(error as Error).message}`;
  }
  const result = isSafePattern(source, {
    caseInsensitive: flags.includes("i"),
    unicode: flags.includes("u") || flags.includes("v"),
    dotAll: flags.includes("s"),
    multiLine: flags.includes("m"),
    timeout: timeoutMs,
  });
  if (result.safe) return null;
  const why =
    result.error === "timedOut" || result.error === "hitMaxSteps"
      ? "could not be proved safe from catastrophic backtracking"
      : "can backtrack catastrophically (one input matches it in very many ways)";
  return `the pattern /${source}/${flags} ${why}; make alternatives and repetitions that follow each other unable to match the same text`;
}
