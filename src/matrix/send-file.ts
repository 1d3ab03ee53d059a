import { Method } from "matrix-js-sdk/lib/http-api/index.js";
import { encryptAttachment } from "./attachment";
import type { MatrixClient } from "./client";
import { SENT_BY_BOT } from "./content";
import { uploadMedia } from "./media";
import { HomeserverError } from "./retry";

export interface OutgoingFile {
  name: string;
  /** MIME type. */
  type: string;
  data: Uint8Array;
}

/**
 * Uploads a file and posts it as an `m.file` message. In an encrypted room the upload is an
 * encrypted attachment, so the homeserver holds only ciphertext and the key travels inside the
 * (encrypted) event. Resolves to the `mxc://` URI of what was uploaded.
 */
export async function sendFile(
  matrix: MatrixClient,
  roomId: string,
  file: OutgoingFile,
  txnId: string,
): Promise<string> {
  const info = { mimetype: file.type, size: file.data.length };
  const named = { msgtype: "m.file", body: file.name, filename: file.name, info };
  let url: string;
  let content: Record<string, unknown>;
  if (await isEncrypted(matrix, roomId)) {
    const sealed = await encryptAttachment(file.data);
    url = await uploadMedia(matrix, sealed.data, {
      name: file.name,
      type: "application/octet-stream",
    });
    content = { ...named, file: { ...sealed.file, url } };
  } else {
    url = await uploadMedia(matrix, file.data, { name: file.name, type: file.type });
    content = { ...named, url };
  }
  await matrix.sendEvent(roomId, "m.room.message", { ...content, [SENT_BY_BOT]: true }, txnId);
  return url;
}

async function isEncrypted(matrix: MatrixClient, roomId: string): Promise<boolean> {
  try {
    await matrix.request(
      Method.Get,
      `/rooms/${encodeURIComponent(roomId)}/state/m.room.encryption`,
    );
    return true;
  } catch (error) {
    if (error instanceof HomeserverError && !error.transient) return false;
    throw error;
  }
}
