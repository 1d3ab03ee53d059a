/**
 * Finds identifiers written with unicode escapes (`\u0065val`, `\u{65}val`) in the author's
 * source. Transpilers print them decoded, so this looks at the original text: outside strings,
 * template text, regular expressions and comments, a backslash can only start such an escape.
 * Telling a regular expression from a division needs the previous token; the guess below is
 * the usual one. A wrong guess only hides an escape, and the decoded name is still checked by
 * every other rule.
 */

/** Words after which a `/` starts a regular expression rather than a division. */
const KEYWORDS_BEFORE_EXPRESSION: ReadonlySet<string> = new Set([
  "return",
  "typeof",
  "instanceof",
  "in",
  "of",
  "new",
  "delete",
  "void",
  "throw",
  "case",
  "do",
  "else",
  "yield",
  "await",
]);

const WORD_CHAR = /[\p{ID_Continue}$\u200c\u200d]/u;

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && WORD_CHAR.test(c);
}

/** The offsets of the escapes. */
export function findEscapedIdentifiers(source: string): number[] {
  const found: number[] = [];
  /** Open `${` of template literals: the brace depth inside each. */
  const templates: number[] = [];
  let regexAllowed = true;
  let i = 0;
  const n = source.length;
  while (i < n) {
    const c = source[i];
    const next = source[i + 1];
    if (c === "/" && next === "/") {
      while (i < n && source[i] !== "\n") i++;
    } else if (c === "/" && next === "*") {
      const end = source.indexOf("*/", i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === "'" || c === '"') {
      i = skipString(source, i);
      regexAllowed = false;
    } else if (c === "`") {
      i = skipTemplate(source, i + 1, templates);
      regexAllowed = false;
    } else if (c === "}" && templates.length > 0 && templates[templates.length - 1] === 0) {
      templates.pop();
      i = skipTemplate(source, i + 1, templates);
      regexAllowed = false;
    } else if (c === "/" && regexAllowed) {
      i = skipRegex(source, i);
      regexAllowed = false;
    } else if (c === "\\" || isWordChar(c)) {
      const start = i;
      while (i < n && (source[i] === "\\" || isWordChar(source[i]))) {
        if (source[i] === "\\") {
          if (source[i + 1] === "u") found.push(i);
          i += 2;
        } else i++;
      }
      regexAllowed = KEYWORDS_BEFORE_EXPRESSION.has(source.slice(start, i));
    } else {
      const depth = templates.length - 1;
      if (c === "{" && depth >= 0) templates[depth] = (templates[depth] ?? 0) + 1;
      if (c === "}" && depth >= 0) templates[depth] = (templates[depth] ?? 0) - 1;
      if (!/\s/.test(c ?? "")) regexAllowed = c !== ")" && c !== "]";
      i++;
    }
  }
  return found;
}

/** From the opening quote to just after the closing one. */
function skipString(source: string, start: number): number {
  const quote = source[start];
  let i = start + 1;
  while (i < source.length && source[i] !== quote && source[i] !== "\n") {
    i += source[i] === "\\" ? 2 : 1;
  }
  return i + 1;
}

/**
 * Skips template text up to its closing backquote, or up to a `${` (then records it).
 * `start` is just after the backquote or the closing `}`.
 */
function skipTemplate(source: string, start: number, templates: number[]): number {
  let i = start;
  while (i < source.length) {
    if (source[i] === "\\") i += 2;
    else if (source[i] === "`") return i + 1;
    else if (source[i] === "$" && source[i + 1] === "{") {
      templates.push(0);
      return i + 2;
    } else i++;
  }
  return i;
}

/** From the opening slash to just after the flags. */
function skipRegex(source: string, start: number): number {
  let i = start + 1;
  let inClass = false;
  while (i < source.length && source[i] !== "\n") {
    const c = source[i];
    if (c === "\\") i += 2;
    else {
      if (c === "[") inClass = true;
      else if (c === "]") inClass = false;
      else if (c === "/" && !inClass) {
        i++;
        while (i < source.length && isWordChar(source[i])) i++;
        return i;
      }
      i++;
    }
  }
  // No closing slash on the line: it was a division after all.
  return start + 1;
}
