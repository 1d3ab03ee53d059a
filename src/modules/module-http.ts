const MAX_REDIRECTS = 5;

/**
 * `ctx.http.fetch`: https only, only to the hosts the module declared in `network`, and
 * redirects are followed only while they stay on those hosts.
 */
export function createModuleHttp(
  module: string,
  network: readonly string[] = [],
  send: (url: string, init: RequestInit) => Promise<Response> = (url, init) => fetch(url, init),
) {
  const allowed = new Set(network.map((h) => h.toLowerCase()));
  const check = (raw: string): URL => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new TypeError(`${module}: ctx.http.fetch needs an absolute https URL, not "${raw}"`);
    }
    if (url.protocol !== "https:")
      throw new TypeError(`${module}: ctx.http.fetch allows https only`);
    if (url.username || url.password)
      throw new TypeError(`${module}: ctx.http.fetch does not take credentials in URLs`);
    if (!allowed.has(url.hostname.toLowerCase())) {
      throw new TypeError(`${module}: ${url.hostname} is not in the module's network list`);
    }
    return url;
  };
  return Object.freeze({
    /** Throws what `fetch` would refuse for this URL, without fetching. */
    check: (raw: string): void => void check(raw),
    async fetch(input: string, init?: RequestInit): Promise<Response> {
      if (typeof input !== "string")
        throw new TypeError(`${module}: ctx.http.fetch takes a URL string`);
      let url = check(input);
      for (let hop = 0; ; hop++) {
        const response = await send(url.toString(), { ...init, redirect: "manual" });
        const location = response.headers.get("location");
        if (response.status < 300 || response.status >= 400 || !location) return response;
        if (hop >= MAX_REDIRECTS) throw new TypeError(`${module}: too many redirects`);
        url = check(new URL(location, url).toString());
      }
    },
  });
}
