/**
 * What a module's `network` list may hold: public DNS host names, nothing else. Platform-free,
 * so the scan (deploy time) and the core (load time, in the Worker) judge entries alike.
 */

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** What the URL parser takes for an IPv4 address when it is the last label (`127.1`, `0x7f`). */
const NUMERIC_LABEL = /^(?:\d+|0x[0-9a-f]*)$/;
/** Names that never lead to a public host (RFC 6761, 6762, 8375; ICANN's `.internal`). */
const LOCAL_SUFFIXES = [
  "localhost",
  "localdomain",
  "local",
  "internal",
  "arpa",
  "invalid",
  "onion",
];

/** Why `entry` cannot be in `network`, or null when it is a public host name. */
export function hostNameProblem(entry: string): string | null {
  const host = entry.toLowerCase();
  const quoted = JSON.stringify(entry);
  if (host.trim() === "") return `${quoted} is empty; write a host name such as "api.example.com"`;
  if (/\s/.test(host)) return `${quoted} holds white space; write a bare host name`;
  if (host.includes("://"))
    return `${quoted} is a URL; \`network\` holds host names only ("api.example.com"), and ctx.http.fetch is https anyway`;
  if (/[/?#]/.test(host)) return `${quoted} has a path or query; write the host name only`;
  if (host.includes("@")) return `${quoted} holds credentials; write the host name only`;
  if (host.startsWith("[") || (host.match(/:/g)?.length ?? 0) >= 2)
    return `${quoted} is an IP address (${ipv6Kind(host)}); \`network\` holds host names, and never loopback, private or link-local addresses`;
  if (host.includes(":"))
    return `${quoted} has a port; write the host name only (ctx.http.fetch uses https on port 443)`;
  if (host.includes("*")) return `${quoted} is a wildcard; list each host name a module reaches`;
  if (host.endsWith(".")) return `${quoted} ends with a dot; write it without`;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ASCII is the point here
  if (/[^\x00-\x7f]/.test(host))
    return `${quoted} is an internationalized name; write its ASCII form (xn--...), which is what URLs carry`;
  const labels = host.split(".");
  const last = labels[labels.length - 1] ?? "";
  if (NUMERIC_LABEL.test(last))
    return `${quoted} is an IP address (${ipv4Kind(labels)}); \`network\` holds host names, and never loopback, private or link-local addresses`;
  if (LOCAL_SUFFIXES.some((suffix) => host === suffix || host.endsWith(`.${suffix}`)))
    return `${quoted} is a local name, not a public host; modules reach public hosts only`;
  if (labels.length < 2)
    return `${quoted} is a single-label name; write the full host name ("api.example.com")`;
  if (host.length > 253) return `${quoted} is longer than a host name can be (253 characters)`;
  const bad = labels.find((label) => !LABEL.test(label));
  if (bad !== undefined)
    return `${quoted} is not a valid host name: each dot-separated part holds 1 to 63 letters, digits or hyphens, and starts and ends with a letter or digit`;
  return null;
}

export function isHostName(entry: string): boolean {
  return hostNameProblem(entry) === null;
}

function ipv4Kind(labels: readonly string[]): string {
  const parts = labels.map(Number);
  if (labels.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255))
    return "in a short or numeric form";
  const [a = 0, b = 0] = parts;
  if (a === 127) return "loopback";
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return "private";
  if (a === 169 && b === 254) return "link-local";
  if (a === 100 && b >= 64 && b <= 127) return "shared address space";
  if (a === 0) return "this network";
  return "a literal address";
}

function ipv6Kind(host: string): string {
  const bare = host.replace(/^\[|\](?::\d*)?$/g, "").replace(/%.*$/, "");
  if (bare === "::1" || bare === "0:0:0:0:0:0:0:1") return "loopback";
  if (/^f[cd][0-9a-f]{0,2}:/.test(bare)) return "private";
  if (/^fe[89ab][0-9a-f]?:/.test(bare)) return "link-local";
  if (/^::ffff:/.test(bare)) return "an IPv4-mapped address";
  return "a literal address";
}
