import { fetchSource, SourceError } from "./fetch-source";

export interface RepoEntry {
  name: string;
  version?: string;
  description?: string;
  url: string;
  sha256: string;
}

const NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const SHA256 = /^[0-9a-f]{64}$/;

/** Fetches and validates a repository index: `{"modules":[{name, version, description, url, sha256}]}`. */
export async function fetchRepository(url: string, allowLoopback: boolean): Promise<RepoEntry[]> {
  const { text } = await fetchSource(url, allowLoopback, 1024 * 1024);
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
    if (typeof e?.name !== "string" || !NAME.test(e.name)) continue;
    if (typeof e.url !== "string" || typeof e.sha256 !== "string") continue;
    const sha256 = e.sha256.toLowerCase();
    if (!SHA256.test(sha256)) continue;
    entries.push({
      name: e.name,
      version: typeof e.version === "string" ? e.version.slice(0, 50) : undefined,
      description: typeof e.description === "string" ? e.description.slice(0, 300) : undefined,
      url: new URL(e.url, url).toString(),
      sha256,
    });
  }
  return entries;
}
