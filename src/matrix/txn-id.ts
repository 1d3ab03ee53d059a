/**
 * Transaction IDs derived from what caused a send, so that re-running the same cause (a retried
 * push, an overlapping cron run) makes the homeserver return the first send instead of a new one.
 */
export async function deriveTxnId(...parts: (string | number)[]): Promise<string> {
  const data = new TextEncoder().encode(parts.join("\u0000"));
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", data));
  let hex = "";
  for (const byte of digest.subarray(0, 16)) hex += byte.toString(16).padStart(2, "0");
  return `mxub${hex}`;
}

/** Hands out the txnIds for the sends one cause makes, in order. */
export function txnIdSequence(cause: string): () => Promise<string> {
  let n = 0;
  return () => deriveTxnId(cause, n++);
}
