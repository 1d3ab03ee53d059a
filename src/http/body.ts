import { readAtMost } from "../bytes";
export const MAX_BODY_BYTES = 1024 * 1024;

export type BodyResult =
  | { ok: true; value: unknown }
  | { ok: false; status: 400 | 413; errcode: string; error: string };

/** Reads a JSON body, refusing more than `limit` bytes without buffering them. */
export async function readJsonBody(request: Request, limit = MAX_BODY_BYTES): Promise<BodyResult> {
  const tooLarge = {
    ok: false,
    status: 413,
    errcode: "M_TOO_LARGE",
    error: `the body is over ${limit} bytes`,
  } as const satisfies BodyResult;
  const length = request.headers.get("content-length");
  const declared = length === null ? Number.NaN : Number(length);
  if (declared > limit) return tooLarge;
  if (Number.isFinite(declared))
    return parse(new Uint8Array(await request.arrayBuffer()), limit, tooLarge);
  // No length given: read the stream and stop as soon as it passes the limit.
  const bytes = await readAtMost(request.body, limit);
  if (bytes === null) return tooLarge;
  return parse(bytes, limit, tooLarge);
}

function parse(bytes: Uint8Array, limit: number, tooLarge: BodyResult): BodyResult {
  // A content-length that understates the body is caught here.
  if (bytes.byteLength > limit) return tooLarge;
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, status: 400, errcode: "M_NOT_JSON", error: "the body is not valid JSON" };
  }
}
