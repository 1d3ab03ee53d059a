import { toHex } from "./bytes";

/** The first `bytes` bytes of the SHA-256 of `text` (UTF-8), in hex. */
export function sha256Hex(text: string, bytes = 32): Promise<string> {
  return sha256HexOfBytes(new TextEncoder().encode(text), bytes);
}

/** The first `bytes` bytes of the SHA-256 of `data`, in hex, as `sha256sum` prints it. */
export async function sha256HexOfBytes(data: Uint8Array, bytes = 32): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", data));
  return toHex(digest.subarray(0, bytes));
}
