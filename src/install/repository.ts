import { MODULE_NAME } from "../sdk/names";
import { fetchSource, SourceError } from "./fetch-source";

export interface RepoEntry {
  name: string;
  version?: string;
  description?: string;
  url: string;
  sha256: string;
}

export const SHA256 = /^[0-9a-f]{64}$/;
export const MAX_REPOSITORY_BYTES = 1024 * 1024;

/** Fetches and validates a repository index: `{"modules":[{name, version, description, url, sha256}]}`. */
export async function fetchRepository(url: string, allowLoopback: boolean): Promise<RepoEntry[]> {
  const { text } = await fetchSource(url, allowLoopback, MAX_REPOSITORY_BYTES);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new SourceError(`${url} is not a JSON repository index`);
  }
  const list = (doc as { modules?: unknown } | null)?.modules;
  if (!Array.isArray(list)) throw new SourceError(`${url} has no "modules" list`);
  const entries: RepoEntry[] = [];
  for (const item of list.slice(0, 1_000)) {
    const e = item as Partial<Record<keyof RepoEntry, unknown>>;
    if (typeof e?.name !== "string" || !MODULE_NAME.test(e.name)) continue;
    if (typeof e.url !== "string" || typeof e.sha256 !== "string") continue;
    const sha256 = e.sha256.toLowerCase();
    if (!SHA256.test(sha256)) continue;
    let absolute: string;
    try {
      absolute = new URL(e.url, url).href;
    } catch {
      continue;
    }
    entries.push({
      name: e.name,
      ...(typeof e.version === "string" ? { version: e.version.slice(0, 50) } : {}),
      ...(typeof e.description === "string" ? { description: e.description.slice(0, 300) } : {}),
      url: absolute,
      sha256,
    });
  }
  return entries;
}
