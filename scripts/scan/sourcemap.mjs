/**
 * Maps positions in esbuild's output back to the TypeScript the author wrote. esbuild reformats
 * code (indentation, quotes, stripped types), so line and column in the transpiled JavaScript
 * are not the author's; its source map is.
 */

/** @typedef {{ line: number, column: number }} Position line 1-based, column 0-based */
/** @typedef {{ genColumn: number, line: number, column: number }} Segment */

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/**
 * @param {string} mappings the `mappings` field of a version 3 source map
 * @returns {Segment[][]} per generated line (0-based), the segments that point into the source
 */
export function decodeMappings(mappings) {
  /** @type {Segment[][]} */
  const lines = [];
  let sourceLine = 0;
  let sourceColumn = 0;
  for (const lineText of mappings.split(";")) {
    /** @type {Segment[]} */
    const segments = [];
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

/** @param {string} text */
function decodeVlq(text) {
  /** @type {number[]} */
  const values = [];
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

/** @param {string} source */
export function splitLines(source) {
  return source.split(/\r\n?|\n|\u2028|\u2029/);
}

/**
 * @param {string} mapJson esbuild's external source map
 * @param {string} original the TypeScript source
 * @param {string} generated esbuild's output
 * @returns {(line: number, column: number, needle?: string) => Position}
 *   takes a 1-based line and 0-based column in the generated code; `needle` (the name found
 *   there) lets it settle on the exact column when esbuild changed the spacing before it
 */
export function createLocator(mapJson, original, generated) {
  const lines = decodeMappings(/** @type {{ mappings: string }} */ (JSON.parse(mapJson)).mappings);
  const sourceLines = splitLines(original);
  const indents = splitLines(generated).map((text) => text.length - text.trimStart().length);
  return (line, column, needle) => {
    const found = findSegment(lines, line - 1, column);
    if (!found) return { line: 1, column: 0 };
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
    return { line: segment.line + 1, column: Math.max(0, Math.min(originalColumn, text.length)) };
  };
}

/**
 * The last segment at or before the position; when its line has none before it, the last
 * segment of an earlier line (esbuild maps each statement's start, so this is the statement).
 * @param {Segment[][]} lines
 * @param {number} line 0-based
 * @param {number} column
 * @returns {{ segment: Segment, sameLine: boolean } | null}
 */
function findSegment(lines, line, column) {
  const segments = lines[line] ?? [];
  let best = null;
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
 * @param {string} text
 * @param {string} needle
 * @param {number} from
 * @param {number} estimate
 */
function nearestOccurrence(text, needle, from, estimate) {
  let best = -1;
  let bestWhole = -1;
  const closer = (/** @type {number} */ at, /** @type {number} */ than) =>
    than < 0 || Math.abs(at - estimate) < Math.abs(than - estimate);
  for (let at = text.indexOf(needle, from); at >= 0; at = text.indexOf(needle, at + 1)) {
    if (closer(at, best)) best = at;
    const whole = !WORD.test(text[at - 1] ?? "") && !WORD.test(text[at + needle.length] ?? "");
    if (whole && closer(at, bestWhole)) bestWhole = at;
  }
  return bestWhole >= 0 ? bestWhole : best;
}

const WORD = /[\p{ID_Continue}$\u200c\u200d]/u;
