const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * Why `host` cannot be a `network` entry, or null when it is a public DNS name. Host names
 * only: no scheme, port, path, IP literal, loopback, `localhost` or single-label names.
 */
export function hostNameProblem(host: string): string | null {
  const h = host.toLowerCase();
  if (h.length === 0 || h.length > 253) return `"${host}" is not a host name`;
  if (/[/:@?#\s[\]]/.test(h)) return `"${host}" must be a bare host name (no scheme, port or path)`;
  if (IPV4.test(h) || /^[0-9.]+$/.test(h) || /^0x/.test(h))
    return `"${host}" is an IP address; name a host instead`;
  const labels = h.split(".");
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l)))
    return `"${host}" is not a public host name`;
  if (/^\d+$/.test(labels[labels.length - 1] as string))
    return `"${host}" is not a public host name`;
  const tld = labels[labels.length - 1];
  if (h === "localhost" || tld === "localhost" || tld === "local" || tld === "internal")
    return `"${host}" is a local name`;
  return null;
}
