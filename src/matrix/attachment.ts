import { isRecord } from "./events";

/**
 * An encrypted attachment (Matrix spec, "Sending encrypted attachments"): the file is
 * AES-256-CTR ciphertext in the media repository, and this object, inside an encrypted event,
 * holds its URL, key, IV and the SHA-256 of the ciphertext.
 */
export interface EncryptedFile {
  url: string;
  key: { kty: "oct"; key_ops: string[]; alg: "A256CTR"; k: string; ext: true };
  iv: string;
  hashes: { sha256: string };
  v: "v2";
}

export class AttachmentError extends Error {
  override readonly name = "AttachmentError";
}

/** Encrypts `data` with a fresh key; upload `data` of the result, then fill in `url`. */
export async function encryptAttachment(
  plain: Uint8Array,
): Promise<{ data: Uint8Array; file: Omit<EncryptedFile, "url"> }> {
  const raw = crypto.getRandomValues(new Uint8Array(32));
  const key = await crypto.subtle.importKey("raw", raw, { name: "AES-CTR" }, false, ["encrypt"]);
  // The high 64 bits are random, the counter half starts at zero, as the spec asks.
  const iv = new Uint8Array(16);
  crypto.getRandomValues(iv.subarray(0, 8));
  const data = new Uint8Array(
    await crypto.subtle.encrypt({ name: "AES-CTR", counter: iv, length: 64 }, key, plain),
  );
  const k = unpadded(toBase64(raw)).replace(/\+/g, "-").replace(/\//g, "_");
  return {
    data,
    file: {
      key: { kty: "oct", key_ops: ["encrypt", "decrypt"], alg: "A256CTR", k, ext: true },
      iv: unpadded(toBase64(iv)),
      hashes: { sha256: unpadded(toBase64(await sha256(data))) },
      v: "v2",
    },
  };
}

/** Checks the ciphertext's hash, then decrypts it. */
export async function decryptAttachment(
  data: ArrayBuffer,
  file: EncryptedFile,
): Promise<Uint8Array> {
  const hash = unpadded(toBase64(await sha256(new Uint8Array(data))));
  if (hash !== unpadded(file.hashes.sha256))
    throw new AttachmentError("the file does not match its SHA-256: it was changed or cut short");
  let key: CryptoKey;
  let iv: Uint8Array;
  try {
    key = await crypto.subtle.importKey("jwk", file.key, { name: "AES-CTR" }, false, ["decrypt"]);
    iv = fromBase64(file.iv);
  } catch {
    throw new AttachmentError("the file's key or IV is not valid");
  }
  if (iv.length !== 16) throw new AttachmentError("the file's IV is not 16 bytes");
  return new Uint8Array(
    await crypto.subtle.decrypt({ name: "AES-CTR", counter: iv, length: 64 }, key, data),
  );
}

/** The `file` of an event's content, when it has the shape of an encrypted attachment. */
export function parseEncryptedFile(value: unknown): EncryptedFile | null {
  if (!isRecord(value) || typeof value.url !== "string" || typeof value.iv !== "string")
    return null;
  const { key, hashes } = value;
  if (!isRecord(key) || key.alg !== "A256CTR" || typeof key.k !== "string") return null;
  if (!isRecord(hashes) || typeof hashes.sha256 !== "string") return null;
  return value as unknown as EncryptedFile;
}

const sha256 = async (data: Uint8Array) =>
  new Uint8Array(await crypto.subtle.digest("SHA-256", data));

const unpadded = (base64: string) => base64.replace(/=+$/, "");

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const standard = text.replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(standard + "=".repeat((4 - (standard.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
