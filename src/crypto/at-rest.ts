import { fromBase64, toBase64, toHex } from "../bytes";
/**
 * Encryption at rest for the crypto store's snapshot rows, from the secret `CRYPTO_STORE_KEY`:
 * AES-256-GCM for contents and HMAC-SHA-256 for row ids, both derived with HKDF, so the table
 * shows neither the keys nor the user IDs it holds.
 */
export interface AtRest {
  rowId(name: string): Promise<string>;
  seal(plain: string): Promise<string>;
  open(sealed: string): Promise<string>;
}

const encoder = new TextEncoder();

export async function atRest(secret: string): Promise<AtRest> {
  const base = await crypto.subtle.importKey("raw", encoder.encode(secret), "HKDF", false, [
    "deriveKey",
  ]);
  const hkdf = (info: string) => ({
    name: "HKDF",
    hash: "SHA-256",
    salt: encoder.encode("mxuserbot-crypto-store"),
    info: encoder.encode(info),
  });
  const aes = await crypto.subtle.deriveKey(
    hkdf("rows"),
    base,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
  const hmac = await crypto.subtle.deriveKey(
    hkdf("ids"),
    base,
    { name: "HMAC", hash: "SHA-256", length: 256 },
    false,
    ["sign"],
  );
  return {
    async rowId(name) {
      return toHex(new Uint8Array(await crypto.subtle.sign("HMAC", hmac, encoder.encode(name))));
    },
    async seal(plain) {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const data = new Uint8Array(
        await crypto.subtle.encrypt({ name: "AES-GCM", iv }, aes, encoder.encode(plain)),
      );
      return `${toBase64(iv)}.${toBase64(data)}`;
    },
    async open(sealed) {
      const [iv = "", data = ""] = sealed.split(".");
      const plain = await crypto.subtle.decrypt(
        { name: "AES-GCM", iv: fromBase64(iv) },
        aes,
        fromBase64(data),
      );
      return new TextDecoder().decode(plain);
    },
  };
}
