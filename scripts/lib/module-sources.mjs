// Fetching module files and repository indexes for the deploy-time module manager
// (scripts/modules-cli.mjs): the Worker's own rules (src/install/sources.ts), imported as they
// are, so `npm run modules` and `.modules install` accept and refuse the same things.
import { createHash } from "node:crypto";
import { importTs } from "./import-ts.mjs";

/** @type {typeof import("../../src/install/sources.ts")} */
const sources = await importTs("src/install/sources.ts", "module-sources");

export const { MODULE_NAME, SHA256, SourceError, sourceUrl, fetchRepository } = sources;
export const MAX_MODULE_BYTES = sources.MAX_SOURCE_BYTES;

/** @typedef {import("../../src/install/fetch-source.ts").FetchedSource} Fetched */
/** @typedef {import("../../src/install/repository.ts").RepoEntry} RepoEntry */

/**
 * Fetches one file of at most `maxBytes`, following redirects only to accepted URLs.
 * @param {string} raw
 * @param {{ allowLoopback: boolean, maxBytes?: number }} options
 * @returns {Promise<Fetched>}
 */
export function fetchSource(raw, { allowLoopback, maxBytes = MAX_MODULE_BYTES }) {
  return sources.fetchSource(raw, allowLoopback, maxBytes);
}

/**
 * @param {Uint8Array} bytes
 * @returns {string}
 */
export function sha256Hex(bytes) {
  return createHash("sha256").update(bytes).digest("hex");
}
