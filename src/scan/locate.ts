/**
 * Maps positions in the transpiled JavaScript back to the source the author wrote. Transpilers
 * reformat code (indentation, quotes, stripped types), so line and column in their output are
 * not the author's; their source map is.
 */

/** 1-based line and column, as editors count. */
export interface Position {
  line: number;
  column: number;
}

/**
 * Takes a 1-based line and 0-based column in the generated code (acorn's), gives a position in
 * the original. `needle` (the name found there) lets it settle on the exact column when the
 * transpiler changed the spacing before it.
 */
export type Locate = (line: number, column: number, needle?: string) => Position;

interface Segment {
  genColumn: number;
  line: number;
  column: number;
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const WORD = /[\p{ID_Continue}$\u200c\u200d]/u;

/** Per generated line (0-based), the segments of a version 3 `mappings` that point into the source. */
export function decodeMappings(mappings: string): Segment[][] {
  const lines: Segment[][] = [];
  let sourceLine = 0;
  let sourceColumn = 0;
  for (const lineText of mappings.split(";")) {
    const segments: Segment[] = [];
    let genColumn = 0;
    for (const segmentText of lineText.split(",")) {
      if (segmentText === "") continue;
      const fields = decodeVlq(segmentText);
      genColumn += fields[0] ?? 0;
      if (fields.length < 4) continue;
      sourceLine += fields[2] ?? 0;
      sourceColumn += fields[3] ?? 0;
      segments.push({ genColumn, line: sourceLine, column: sourceColumn });
    }
    lines.push(segments);
  }
  return lines;
}

function decodeVlq(text: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of text) {
    const digit = BASE64.indexOf(char);
    if (digit < 0) throw new Error(`bad source map character ${char}`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    values.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return values;
}

export function splitLines(source: string): string[] {
  return source.split(/\r\n?|\n|\u2028|\u2029/);
}

/** Positions in code that is the source itself (JavaScript scanned as written). */
export function identityLocator(source: string): Locate {
  const lines = splitLines(source);
  return (line, column) => ({
    line,
    column: Math.min(column, lines[line - 1]?.length ?? column) + 1,
  });
}

/** `mapJson`: the transpiler's source map from `generated` back to `original`. */
/** The map is read on the first call only: an accepted module never needs a position. */
export function createLocator(mapJson: string, original: string, generated: string): Locate {
  let lines: Segment[][] = [];
  let sourceLines: string[] = [];
  let indents: number[] = [];
  let ready = false;
  return (line, column, needle) => {
    if (!ready) {
      const parsed = JSON.parse(mapJson) as { mappings?: unknown };
      if (typeof parsed.mappings !== "string") throw new Error("the source map has no mappings");
      lines = decodeMappings(parsed.mappings);
      sourceLines = splitLines(original);
      indents = splitLines(generated).map((text) => text.length - text.trimStart().length);
      ready = true;
    }
    const found = findSegment(lines, line - 1, column);
    if (!found) return { line: 1, column: 1 };
    const { segment, sameLine } = found;
    const text = sourceLines[segment.line] ?? "";
    // esbuild maps a line's indentation to the statement's start, so count from the first
    // character that is not indentation.
    const from = Math.max(segment.genColumn, indents[line - 1] ?? 0);
    let originalColumn = sameLine ? segment.column + Math.max(0, column - from) : segment.column;
    if (needle) {
      const at = nearestOccurrence(text, needle, segment.column, originalColumn);
      if (at >= 0) originalColumn = at;
    }
    return {
      line: segment.line + 1,
      column: Math.max(0, Math.min(originalColumn, text.length)) + 1,
    };
  };
}

/**
 * The last segment at or before the position; when its line has none before it, the last
 * segment of an earlier line (esbuild maps each statement's start, so this is the statement).
 */
function findSegment(
  lines: readonly Segment[][],
  line: number,
  column: number,
): { segment: Segment; sameLine: boolean } | null {
  const segments = lines[line] ?? [];
  let best: Segment | null = null;
  for (const segment of segments) {
    if (segment.genColumn > column) break;
    best = segment;
  }
  if (best) return { segment: best, sameLine: true };
  for (let i = Math.min(line, lines.length) - 1; i >= 0; i--) {
    const earlier = lines[i];
    const last = earlier?.[earlier.length - 1];
    if (last) return { segment: last, sameLine: false };
  }
  return null;
}

/**
 * The occurrence of `needle` as a whole word closest to the estimate (a plain substring when
 * there is no whole-word one), or -1.
 */
function nearestOccurrence(text: string, needle: string, from: number, estimate: number): number {
  let best = -1;
  let bestWhole = -1;
  const closer = (at: number, than: number) =>
    than < 0 || Math.abs(at - estimate) < Math.abs(than - estimate);
  for (let at = text.indexOf(needle, from); at >= 0; at = text.indexOf(needle, at + 1)) {
    if (closer(at, best)) best = at;
    const whole = !WORD.test(text[at - 1] ?? "") && !WORD.test(text[at + needle.length] ?? "");
    if (whole && closer(at, bestWhole)) bestWhole = at;
  }
  return bestWhole >= 0 ? bestWhole : best;
}
