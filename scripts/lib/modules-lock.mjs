// modules.lock.json, the pins of the deploy-time module manager (scripts/modules-cli.mjs):
//   {"repositories": ["https://…/index.json"],
//    "modules": {"Weather": {"url", "sha256", "file", "version"?, "repository"?}}}
// `file` is relative to the lock file's folder; `repository` is the index a module was
// installed from by name (then `update` follows that index's listed version and hash).
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";

/**
 * @typedef {object} LockEntry
 * @property {string} url
 * @property {string} sha256
 * @property {string} file
 * @property {string} [version]
 * @property {string} [repository]
 */

/**
 * @typedef {object} Lock
 * @property {string[]} repositories
 * @property {Record<string, LockEntry>} modules
 */

/** The lock file cannot be read; the message says why. */
export class LockError extends Error {
  name = "LockError";
}

/**
 * Reads the lock file; a missing one is an empty lock.
 * @param {string} path
 * @returns {Lock}
 */
export function readLock(path) {
  if (!existsSync(path)) return { repositories: [], modules: {} };
  /** @type {unknown} */
  let doc;
  try {
    doc = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new LockError(`${path} is not valid JSON (${String(error)})`);
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc))
    throw new LockError(`${path} is not a JSON object`);
  const { repositories = [], modules = {} } = /** @type {Record<string, unknown>} */ (doc);
  if (!Array.isArray(repositories) || !repositories.every((r) => typeof r === "string"))
    throw new LockError(`${path}: "repositories" must be a list of URLs`);
  if (modules === null || typeof modules !== "object" || Array.isArray(modules))
    throw new LockError(`${path}: "modules" must be an object`);
  /** @type {Record<string, LockEntry>} */
  const entries = {};
  for (const [name, value] of Object.entries(modules)) {
    const entry = /** @type {Record<string, unknown> | null} */ (value);
    if (
      entry === null ||
      typeof entry !== "object" ||
      typeof entry.url !== "string" ||
      typeof entry.sha256 !== "string" ||
      typeof entry.file !== "string"
    )
      throw new LockError(`${path}: the entry for ${name} needs "url", "sha256" and "file"`);
    entries[name] = {
      url: entry.url,
      sha256: entry.sha256.toLowerCase(),
      file: entry.file,
      ...(typeof entry.version === "string" ? { version: entry.version } : {}),
      ...(typeof entry.repository === "string" ? { repository: entry.repository } : {}),
    };
  }
  return { repositories: [...repositories], modules: entries };
}

/**
 * Writes the lock (modules sorted by name) atomically, formatted as the repository's formatter
 * (biome) would format it, so `npm run lint` stays clean once it is committed.
 * @param {string} path
 * @param {Lock} lock
 */
export function writeLock(path, lock) {
  const modules = Object.fromEntries(
    Object.entries(lock.modules).sort(([a], [b]) => a.localeCompare(b)),
  );
  const text = `${format({ repositories: lock.repositories, modules }, 0, 0)}\n`;
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

const LINE_WIDTH = 100;

/**
 * JSON with 2-space indents; objects always spread over lines, arrays of plain values on one
 * line when that line fits in 100 columns (biome's JSON formatting).
 * @param {unknown} value
 * @param {number} indent the current indentation
 * @param {number} used the columns already taken on this line, plus the `,` after the value
 * @returns {string}
 */
function format(value, indent, used) {
  const pad = " ".repeat(indent + 2);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const plain = value.every((v) => v === null || typeof v !== "object");
    const inline = `[${value.map((v) => JSON.stringify(v)).join(", ")}]`;
    if (plain && used + inline.length <= LINE_WIDTH) return inline;
    const items = value.map((v, i) => {
      const comma = i < value.length - 1 ? 1 : 0;
      return `${pad}${format(v, indent + 2, pad.length + comma)}`;
    });
    return `[\n${items.join(",\n")}\n${" ".repeat(indent)}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return "{}";
    const lines = entries.map(([key, v], i) => {
      const head = `${pad}${JSON.stringify(key)}: `;
      const comma = i < entries.length - 1 ? 1 : 0;
      return `${head}${format(v, indent + 2, head.length + comma)}`;
    });
    return `{\n${lines.join(",\n")}\n${" ".repeat(indent)}}`;
  }
  return JSON.stringify(value);
}
