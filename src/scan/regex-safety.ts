import {
  isSafePattern,
  type RedosDetectorResult,
  type RedosDetectorTrailEntrySide,
} from "redos-detector";

/**
 * Whether a regular expression can backtrack catastrophically. Platform-free: the scan checks
 * every regex literal of a module at deploy time, and the core checks each watcher pattern at
 * load time in the Worker.
 *
 * The analysis is redos-detector's: it walks the pattern and reports "trails", pairs of
 * different paths through it that match the same input. It calls a pattern unsafe as soon as
 * such ambiguity is unbounded, which includes the harmless polynomial kind every second
 * ordinary pattern has (`^(\w+)\s+(.*)$`: the spaces can go to `\s+` or to `.*`, a linear
 * number of ways). What makes backtracking catastrophic is exponential ambiguity: two
 * different paths that leave one point of the pattern and come back to it over the same text,
 * so that n repetitions give 2^n ways (`(a+)+`, `(a|a)*`, `(\w+\s?)*`). So a pattern is refused
 * when one of redos-detector's trails shows that: the two sides back at a point both were at
 * before, having gone different ways in between, or inside one repetition at different
 * iteration counts while inside a repetition nested in it.
 */

export interface RegexSafetyOptions {
  /** redos-detector's step budget; the default keeps the worst pattern under ~0.5 s. */
  maxSteps?: number;
  /** A time budget on top, in ms. */
  timeoutMs?: number;
}

const DEFAULTS = { maxSteps: 2000, timeoutMs: 1000 } as const;

/** Why the pattern may not be used, or null when it is safe. */
export function regexProblem(
  source: string,
  flags = "",
  options: RegexSafetyOptions = {},
): string | null {
  const shown = `/${source}/${flags}`;
  try {
    new RegExp(source, flags);
  } catch (error) {
    return `${shown} is not a valid regular expression (${error instanceof Error ? error.message : String(error)})`;
  }
  // Exponential backtracking needs a repetition of a group (or a back-reference); without one
  // the analysis could only find the harmless polynomial kind, so it is not run.
  if (!repeatsAGroup(source, flags)) return null;
  let result: RedosDetectorResult;
  try {
    result = isSafePattern(withoutGroupNames(source, flags), {
      caseInsensitive: flags.includes("i"),
      unicode: flags.includes("u") || flags.includes("v"),
      dotAll: flags.includes("s"),
      multiLine: flags.includes("m"),
      maxSteps: options.maxSteps ?? DEFAULTS.maxSteps,
      timeout: options.timeoutMs ?? DEFAULTS.timeoutMs,
    });
  } catch (error) {
    const why = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
    return `${shown} cannot be checked for catastrophic backtracking (${why}); write it without the construct the analyzer cannot read`;
  }
  if (result.safe || !backtracksExponentially(result)) return null;
  return `${shown} can backtrack catastrophically: the same text can match a repeated part of it in exponentially many ways (as in /(a+)+$/ or /(a|a)*$/), so one crafted message could stall the bot; make the parts inside a repetition unable to match the same text`;
}

export function isRegexSafe(source: string, flags = "", options?: RegexSafetyOptions): boolean {
  return regexProblem(source, flags, options) === null;
}

type Side = RedosDetectorTrailEntrySide;

const UNBOUNDED = /(?:[*+]|\{\d+,\})\??$/;

const offsetOf = (side: { node: { start: { offset: number } } }) => side.node.start.offset;

/** A point of the pattern: the node and the repetitions it is inside. */
function pointOf(side: Side): string {
  return `${offsetOf(side)}|${side.quantifierIterations.map(offsetOf).join(",")}`;
}

/** How a side moved from one entry to the next: which repetitions went on, which began. */
function stepOf(previous: Side | undefined, next: Side): string {
  const before = new Map(previous?.quantifierIterations.map((q) => [offsetOf(q), q.iteration]));
  const moves = next.quantifierIterations.map((q) => {
    const was = before.get(offsetOf(q));
    return was === undefined ? `new${q.iteration}` : `${q.iteration - was}`;
  });
  return `${offsetOf(next)}:${moves.join(",")}`;
}

/** Both sides inside one unbounded repetition at different counts, each inside a repetition in it. */
function shiftedInNestedRepetition(a: Side, b: Side): boolean {
  const outerA = a.quantifierIterations;
  const outerB = b.quantifierIterations;
  for (let i = 0; i < outerA.length - 1; i++) {
    const q = outerA[i];
    if (!q || !UNBOUNDED.test(q.node.source)) continue;
    const j = outerB.findIndex((other) => offsetOf(other) === offsetOf(q));
    if (j < 0 || j >= outerB.length - 1) continue;
    if (outerB[j]?.iteration !== q.iteration) return true;
  }
  return false;
}

function backtracksExponentially(result: RedosDetectorResult): boolean {
  for (const { trail } of result.trails) {
    /** Points where both sides were together, with how many divergences came before. */
    const together = new Map<string, number>([["start", 0]]);
    let divergences = 0;
    let pathA: string[] = [];
    let pathB: string[] = [];
    let previous: (typeof trail)[number] | undefined;
    for (const entry of trail) {
      if (shiftedInNestedRepetition(entry.a, entry.b)) return true;
      pathA.push(stepOf(previous?.a, entry.a));
      pathB.push(stepOf(previous?.b, entry.b));
      previous = entry;
      const point = pointOf(entry.a);
      if (point !== pointOf(entry.b)) continue;
      if (pathA.join(" ") !== pathB.join(" ")) divergences++;
      pathA = [];
      pathB = [];
      const before = together.get(point);
      if (before !== undefined && before < divergences) return true;
      if (before === undefined) together.set(point, divergences);
    }
  }
  return false;
}

/** A quantifier (`*`, `+`, `{n}`, `{n,}`, `{n,m}`) starts at `at`. */
function quantifierAt(source: string, at: number): boolean {
  const c = source[at];
  return c === "*" || c === "+" || (c === "{" && /^\{\d+(?:,\d*)?\}/.test(source.slice(at)));
}

/** Whether a quantifier applies to a group or a back-reference (outside character classes). */
export function repeatsAGroup(source: string, flags: string): boolean {
  const nestedClasses = flags.includes("v");
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") {
      const reference = depth === 0 ? /^\\(?:[1-9]\d*|k<[^>]+>)/.exec(source.slice(i)) : null;
      const length = reference ? reference[0].length : 2;
      if (reference && quantifierAt(source, i + length)) return true;
      i += length - 1;
    } else if (c === "[") depth = nestedClasses ? depth + 1 : 1;
    else if (c === "]") depth = Math.max(0, depth - 1);
    else if (c === ")" && depth === 0 && quantifierAt(source, i + 1)) return true;
  }
  return false;
}

/**
 * The pattern with named groups as plain ones (`(?<y>..)` → `(..)`, `\k<y>` → `\1`): the
 * analyzer's parser does not read names, and numbering stays the same.
 */
export function withoutGroupNames(source: string, flags: string): string {
  if (!source.includes("(?<")) return source;
  const names = new Map<string, number>();
  let groups = 0;
  const nestedClasses = flags.includes("v");
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") i++;
    else if (c === "[") depth = nestedClasses ? depth + 1 : 1;
    else if (c === "]") depth = Math.max(0, depth - 1);
    else if (c === "(" && depth === 0) {
      const named = /^\(\?<([^=!>][^>]*)>/.exec(source.slice(i));
      if (source[i + 1] !== "?" || named) groups++;
      if (named?.[1]) names.set(named[1], groups);
    }
  }
  let out = "";
  depth = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i] ?? "";
    if (c === "\\") {
      const reference = depth === 0 ? /^\\k<([^>]+)>/.exec(source.slice(i)) : null;
      const index = reference?.[1] ? names.get(reference[1]) : undefined;
      if (reference && index !== undefined) {
        out += `\\${index}`;
        i += reference[0].length - 1;
      } else {
        out += source.slice(i, i + 2);
        i++;
      }
      continue;
    }
    if (c === "[") depth = nestedClasses ? depth + 1 : 1;
    else if (c === "]") depth = Math.max(0, depth - 1);
    else if (c === "(" && depth === 0) {
      const named = /^\(\?<([^=!>][^>]*)>/.exec(source.slice(i));
      if (named) {
        out += "(";
        i += named[0].length - 1;
        continue;
      }
    }
    out += c;
  }
  return out;
}
