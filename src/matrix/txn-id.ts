import { sha256Hex } from "../hash";

/**
 * Transaction IDs derived from what caused a send, so that re-running the same cause (a retried
 * push, an overlapping cron run) makes the homeserver return the first send instead of a new one.
 */
export async function deriveTxnId(...parts: (string | number)[]): Promise<string> {
  return `mxub${await sha256Hex(parts.join("\u0000"), 16)}`;
}

/** Hands out the txnIds for the sends one cause makes, in order. */
export function txnIdSequence(cause: string): () => Promise<string> {
  let n = 0;
  return () => deriveTxnId(cause, n++);
}
