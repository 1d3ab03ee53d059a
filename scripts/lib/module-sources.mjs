// Fetching module files and repository indexes for the deploy-time module manager
// (scripts/modules-cli.mjs), with the same rules as the Worker's run-time install
// (src/install/fetch-source.ts): https only (with ALLOW_LOOPBACK_SOURCES=true also
// http://127.0.0.1 and http://localhost), no credentials in URLs, at most 5 redirects, each
// checked again, and a size limit.
import { createHash } from "node:crypto";

export const MAX_MODULE_BYTES = 256 * 1024;
export const MAX_REPOSITORY_BYTES = 1024 * 1024;
const MAX_REDIRECTS = 5;
const TIMEOUT_MS = 30_000;

export const MODULE_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
export const SHA256 = /^[0-9a-f]{64}$/;

/** A file could not be fetched or is not what was asked for; the message says why. */
export class SourceError extends Error {
  name = "SourceError";
}

/**
 * Checks a module or repository URL and returns it parsed.
 * @param {string} raw
 * @param {boolean} allowLoopback
 * @returns {URL}
 */
export function sourceUrl(raw, allowLoopback) {
  /** @type {URL} */
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new SourceError(`"${raw.slice(0, 200)}" is not a URL`);
  }
  if (url.username || url.password) throw new SourceError("URLs with credentials are refused");
  const loopback = url.hostname === "127.0.0.1" || url.hostname === "localhost";
  if (url.protocol === "https:" && !loopback) return url;
  if (allowLoopback && loopback && (url.protocol === "http:" || url.protocol === "https:"))
    return url;
  const hint =
    loopback && !allowLoopback ? " (set ALLOW_LOOPBACK_SOURCES=true for local sources)" : "";
  throw new SourceError(`only https URLs are accepted, not ${url.protocol}//${url.host}${hint}`);
}

/**
 * @typedef {object} Fetched
 * @property {string} url the URL as given (the module is known by this one)
 * @property {string} finalUrl where the last redirect led
 * @property {Buffer} bytes the file as served
 * @property {string} sha256 hex SHA-256 of the bytes, as `sha256sum` prints it
 */

/**
 * Fetches one file of at most `maxBytes`, following redirects only to accepted URLs.
 * @param {string} raw
 * @param {{ allowLoopback: boolean, maxBytes?: number }} options
 * @returns {Promise<Fetched>}
 */
export async function fetchSource(raw, { allowLoopback, maxBytes = MAX_MODULE_BYTES }) {
  let url = sourceUrl(raw, allowLoopback);
  for (let hop = 0; ; hop++) {
    /** @type {Response} */
    let response;
    try {
      response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (error) {
      const cause = /** @type {{ cause?: { message?: string } }} */ (error).cause?.message;
      throw new SourceError(`could not fetch ${url.href}: ${cause ?? String(error)}`);
    }
    const location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      if (hop >= MAX_REDIRECTS) throw new SourceError(`too many redirects from ${raw}`);
      url = sourceUrl(new URL(location, url).href, allowLoopback);
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new SourceError(`${url.href} answered ${response.status}`);
    }
    const bytes = await readLimited(response, maxBytes, url.href);
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      throw new SourceError(`${url.href} is not UTF-8 text`);
    }
    return { url: raw, finalUrl: url.href, bytes, sha256: sha256Hex(bytes) };
  }
}

/**
 * @param {Uint8Array} bytes
 * @returns {string}
 */
export function sha256Hex(bytes) {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * @param {Response} response
 * @param {number} maxBytes
 * @param {string} where
 * @returns {Promise<Buffer>}
 */
async function readLimited(response, maxBytes, where) {
  const tooBig = () => new SourceError(`${where} is over ${maxBytes / 1024} KiB`);
  const declared = Number(response.headers.get("content-length") ?? "0");
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw tooBig();
  }
  const reader = response.body?.getReader();
  if (!reader) return Buffer.alloc(0);
  /** @type {Uint8Array[]} */
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooBig();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}

/**
 * @typedef {object} RepoEntry
 * @property {string} name
 * @property {string} [version]
 * @property {string} [description]
 * @property {string} url absolute
 * @property {string} sha256 lower-case hex
 */

/**
 * Fetches a repository index, `{"modules":[{name, version, description, url, sha256}]}`, and
 * keeps its well-formed entries (urls resolved against the index's own URL).
 * @param {string} url
 * @param {boolean} allowLoopback
 * @returns {Promise<RepoEntry[]>}
 */
export async function fetchRepository(url, allowLoopback) {
  const { bytes } = await fetchSource(url, { allowLoopback, maxBytes: MAX_REPOSITORY_BYTES });
  /** @type {unknown} */
  let doc;
  try {
    doc = JSON.parse(bytes.toString("utf8"));
  } catch {
    throw new SourceError(`${url} is not a JSON repository index`);
  }
  const list =
    doc !== null && typeof doc === "object" && "modules" in doc ? doc.modules : undefined;
  if (!Array.isArray(list)) throw new SourceError(`${url} has no "modules" list`);
  /** @type {RepoEntry[]} */
  const entries = [];
  for (const item of list.slice(0, 1_000)) {
    if (item === null || typeof item !== "object") continue;
    const {
      name,
      version,
      description,
      url: file,
      sha256,
    } = /** @type {Record<string, unknown>} */ (item);
    if (typeof name !== "string" || !MODULE_NAME.test(name)) continue;
    if (typeof file !== "string" || typeof sha256 !== "string") continue;
    if (!SHA256.test(sha256.toLowerCase())) continue;
    /** @type {string} */
    let absolute;
    try {
      absolute = new URL(file, url).href;
    } catch {
      continue;
    }
    entries.push({
      name,
      ...(typeof version === "string" ? { version: version.slice(0, 50) } : {}),
      ...(typeof description === "string" ? { description: description.slice(0, 300) } : {}),
      url: absolute,
      sha256: sha256.toLowerCase(),
    });
  }
  return entries;
}
