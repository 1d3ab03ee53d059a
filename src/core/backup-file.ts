import { e2eeDevice } from "../crypto/client";
import { AttachmentError, decryptAttachment, parseEncryptedFile } from "../matrix/attachment";
import { isMessage, type RoomEvent } from "../matrix/events";
import { downloadMedia, parseMxc } from "../matrix/media";
import { HomeserverError } from "../matrix/retry";
import type { Runtime } from "../runtime";

/** Far above any real bot's state, well under a Worker's memory. */
export const MAX_BACKUP_BYTES = 16 * 1024 * 1024;

export type BackupFile = { ok: true; name: string; text: string } | { ok: false; problem: string };

/**
 * The text of the file message `eventId` (the one `.restore` replies to): sent by an owner,
 * an `m.file` with an `mxc://` URL or an encrypted attachment (decrypted here), not too big,
 * UTF-8. A problem is said plainly.
 */
export async function fetchBackupFile(
  rt: Runtime,
  roomId: string,
  eventId: string,
): Promise<BackupFile> {
  const event = await fetchEvent(rt, roomId, eventId);
  if (typeof event === "string") return { ok: false, problem: event };
  if (!isMessage(event) || event.content.msgtype !== "m.file")
    return { ok: false, problem: "The message you replied to is not a file." };
  if (!rt.config.owners.has(event.sender))
    return {
      ok: false,
      problem: `That file was sent by ${event.sender}; only a file sent by an owner of this bot can be restored (send it to the room yourself first).`,
    };
  const { url, info, file } = event.content as { url?: unknown; info?: unknown; file?: unknown };
  const sealed = file === undefined ? null : parseEncryptedFile(file);
  if (file !== undefined && !sealed)
    return { ok: false, problem: "That file's encrypted attachment is malformed." };
  const mxc = sealed ? sealed.url : url;
  if (parseMxc(mxc) === null) return { ok: false, problem: "That file has no mxc:// URL." };
  const size = (info as { size?: unknown } | undefined)?.size;
  if (typeof size === "number" && size > MAX_BACKUP_BYTES) return tooBig(size);
  let blob: Blob;
  try {
    blob = await downloadMedia(rt.matrix, mxc as string);
  } catch (error) {
    if (!(error instanceof HomeserverError) || error.transient) throw error;
    return { ok: false, problem: `The homeserver would not give me the file (${reason(error)}).` };
  }
  if (blob.size > MAX_BACKUP_BYTES) return tooBig(blob.size);
  let bytes: Uint8Array;
  try {
    const data = await blob.arrayBuffer();
    bytes = sealed ? await decryptAttachment(data, sealed) : new Uint8Array(data);
  } catch (error) {
    if (!(error instanceof AttachmentError)) throw error;
    return { ok: false, problem: `I cannot decrypt that file: ${error.message}.` };
  }
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    return { ok: true, name: String(event.content.body), text };
  } catch {
    return { ok: false, problem: "That file is not UTF-8 text, so it is not a backup." };
  }
}

/** The event, decrypted when it is encrypted and the bot has its E2EE device; or a problem. */
async function fetchEvent(
  rt: Runtime,
  roomId: string,
  eventId: string,
): Promise<RoomEvent | string> {
  let event: RoomEvent;
  try {
    event = await rt.matrix.getEvent(roomId, eventId);
  } catch (error) {
    if (!(error instanceof HomeserverError) || error.transient) throw error;
    return `I cannot fetch the message you replied to (${reason(error)}).`;
  }
  if (event.type !== "m.room.encrypted") return event;
  const device = e2eeDevice(rt.env, rt.config);
  if (!device) return "The message you replied to is encrypted, and encrypted rooms are off.";
  const result = await device.decrypt(event as unknown as Record<string, unknown>);
  if (!result.ok) return `I cannot decrypt the message you replied to (${result.reason}).`;
  return { ...event, type: result.type, content: result.content } as RoomEvent;
}

const reason = (error: HomeserverError) =>
  [error.status, error.errcode].filter((part) => part !== undefined).join(" ") || error.message;

const tooBig = (size: number): BackupFile => ({
  ok: false,
  problem: `That file is ${Math.round(size / 1024 / 1024)} MiB; a backup is at most ${MAX_BACKUP_BYTES / 1024 / 1024} MiB.`,
});
