import { findEscapedIdentifiers } from "./escapes";
import type { Finding } from "./types";

export function syntaxFinding(message: string, line: number, column: number): Finding {
  return {
    rule: "syntax",
    message: `this file does not compile: ${message}. Fix the syntax error first.`,
    line,
    column,
  };
}

export function internalFinding(error: unknown): Finding {
  const why = error instanceof Error ? error.message : String(error);
  return {
    rule: "internal",
    message: `the scan failed on this module (${why}); this is a bug in the scan, please report it with the module. Until then the module is refused.`,
    line: 1,
    column: 1,
  };
}

/** Offsets of the line starts of a text (for offset → line and column). */
export function lineStarts(source: string): number[] {
  const starts = [0];
  for (const match of source.matchAll(/\r\n?|\n|\u2028|\u2029/g)) {
    starts.push(match.index + match[0].length);
  }
  return starts;
}

/** A 1-based line and column for an offset. */
export function positionAt(
  starts: readonly number[],
  offset: number,
): { line: number; column: number } {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - (starts[low] ?? 0) + 1 };
}

/** Escaped identifiers, found in the original source (transpilers print them decoded). */
export function escapeFindings(source: string): Finding[] {
  const offsets = findEscapedIdentifiers(source);
  if (offsets.length === 0) return [];
  const starts = lineStarts(source);
  return offsets.map((offset) => ({
    rule: "escaped-identifier",
    message:
      "an identifier written with a unicode escape (\\u...) hides its real name from readers and reviewers; write the name in plain letters.",
    ...positionAt(starts, offset),
  }));
}

/** One finding per rule and position, in reading order. */
export function tidy(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings
    .filter((f) => {
      const key = `${f.rule}:${f.line}:${f.column}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule));
}
