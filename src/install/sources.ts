/**
 * The fetching rules shared by installs from chat and `npm run modules` (Node imports this
 * file through scripts/lib/import-ts.mjs): URLs, sizes, redirects, hashes, repositories.
 */

export { MODULE_NAME } from "../sdk/names";
export { fetchSource, MAX_SOURCE_BYTES, SourceError, sourceUrl } from "./fetch-source";
export {
  fetchRepository,
  MAX_REPOSITORY_BYTES,
  type RepoEntry,
  SHA256,
} from "./repository";
