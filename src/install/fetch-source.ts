import { readAtMost } from "../bytes";
import { sha256HexOfBytes } from "../hash";

export const MAX_SOURCE_BYTES = 256 * 1024;
const MAX_REDIRECTS = 5;
const TIMEOUT_MS = 30_000;

export interface FetchedSource {
  /** The URL as given (redirects are followed, but the module is known by this one). */
  readonly url: string;
  /** Where the last redirect led. */
  readonly finalUrl: string;
  /** The file as served, and as UTF-8 text. */
  readonly bytes: Uint8Array;
  readonly text: string;
  /** SHA-256 of the bytes, in hex, as `sha256sum` prints it. */
  readonly sha256: string;
}

/** A module or repository could not be fetched; the message says why, for the owner. */
export class SourceError extends Error {
  override readonly name = "SourceError";
}

/**
 * Checks a module or repository URL: https, or with `allowLoopback` (local runs and tests)
 * http on 127.0.0.1 or localhost. No credentials in URLs.
 */
export function sourceUrl(raw: string, allowLoopback: boolean): URL {
  let url: URL;
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
 * Fetches one text file of at most `maxBytes`, following redirects only to accepted URLs. The
 * same rules for installs from chat (in the Worker) and `npm run modules` (in Node).
 */
export async function fetchSource(
  raw: string,
  allowLoopback: boolean,
  maxBytes = MAX_SOURCE_BYTES,
): Promise<FetchedSource> {
  let url = sourceUrl(raw, allowLoopback);
  for (let hop = 0; ; hop++) {
    let response: Response;
    try {
      response = await fetch(url.toString(), {
        redirect: "manual",
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause?.message;
      throw new SourceError(`could not fetch ${url.href}: ${cause ?? String(error)}`);
    }
    const location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      if (hop >= MAX_REDIRECTS) throw new SourceError(`too many redirects from ${raw}`);
      url = sourceUrl(new URL(location, url).toString(), allowLoopback);
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new SourceError(`${url.href} answered ${response.status}`);
    }
    const bytes = await readLimited(response, maxBytes);
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
    } catch {
      throw new SourceError(`${url.href} is not UTF-8 text`);
    }
    // The hash of the bytes as served, so `sha256sum` of the same file gives the same hex.
    return { url: raw, finalUrl: url.href, bytes, text, sha256: await sha256HexOfBytes(bytes) };
  }
}

async function readLimited(response: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get("content-length") ?? "0");
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new SourceError(`the file is over ${maxBytes / 1024} KiB`);
  }
  const bytes = await readAtMost(response.body, maxBytes);
  if (bytes === null) throw new SourceError(`the file is over ${maxBytes / 1024} KiB`);
  return bytes;
}
