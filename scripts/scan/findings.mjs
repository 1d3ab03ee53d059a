import { findEscapedIdentifiers } from "./escapes.mjs";

/** @typedef {{ rule: string, message: string, line: number, column: number }} Finding */

/** @param {string} message @param {number} line @param {number} column @returns {Finding} */
export function syntaxFinding(message, line, column) {
  return {
    rule: "syntax",
    message: `this file does not compile: ${message}. Fix the syntax error first.`,
    line,
    column,
  };
}

/** @param {unknown} error @returns {Finding} */
export function internalFinding(error) {
  return {
    rule: "internal",
    message: `the scan failed on this module (${String(/** @type {Error} */ (error)?.message ?? error)}); this is a bug in the scan, please report it with the module. Until then the module is refused.`,
    line: 1,
    column: 0,
  };
}

/**
 * Escaped identifiers, found in the original source (esbuild prints them decoded).
 * @param {string} source
 * @returns {Finding[]}
 */
export function escapeFindings(source) {
  const lineStarts = [0];
  for (const match of source.matchAll(/\r\n?|\n|\u2028|\u2029/g)) {
    lineStarts.push(match.index + match[0].length);
  }
  return findEscapedIdentifiers(source).map((offset) => {
    let line = 0;
    while (line + 1 < lineStarts.length && (lineStarts[line + 1] ?? 0) <= offset) line++;
    return {
      rule: "escaped-identifier",
      message:
        "an identifier written with a unicode escape (\\u...) hides its real name from readers and reviewers; write the name in plain letters.",
      line: line + 1,
      column: offset - (lineStarts[line] ?? 0),
    };
  });
}

/**
 * One finding per rule and position, in reading order.
 * @param {Finding[]} findings
 */
export function tidy(findings) {
  const seen = new Set();
  return findings
    .filter((f) => {
      const key = `${f.rule}:${f.line}:${f.column}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule));
}
