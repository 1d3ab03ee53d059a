import type { Config } from "../config";
import type { Env } from "../env";
import type { Logger } from "../log";
import type { RoomEvent } from "../matrix/events";
import type { SyncResponse } from "../sync/batch";
import type { Decrypted, DeviceConfig, SyncCryptoChanges } from "./device";

/** The bot's E2EE device, its calls bound to this Worker's settings. */
export interface E2eeDevice {
  sync(changes: SyncCryptoChanges): Promise<void>;
  decrypt(event: Record<string, unknown>): Promise<Decrypted>;
  encrypt(
    roomId: string,
    type: string,
    content: Record<string, unknown>,
  ): Promise<Record<string, unknown> | null>;
}

/** Key counts each device was last told, in this isolate; a change is news for it. */
const lastCounts = new Map<string, string>();

/** The bot's E2EE device, or null when encrypted rooms are off (see `e2eeOff`). */
export function e2eeDevice(env: Env, config: Config): E2eeDevice | null {
  if (e2eeOff(env, config) !== null || !env.CRYPTO) return null;
  const namespace = env.CRYPTO;
  const stub = () => namespace.get(namespace.idFromName("device"));
  const settings: DeviceConfig = {
    homeserverUrl: config.homeserverUrl,
    userId: config.userId,
    accessToken: config.accessToken as string,
    storeKey: env.CRYPTO_STORE_KEY as string,
  };
  const deviceKey = `${settings.homeserverUrl}|${settings.userId}|${settings.accessToken}`;
  return {
    async sync(changes) {
      // Most batches bring nothing for the device: no call (and no store write) for those.
      const counts = JSON.stringify([changes.oneTimeKeyCounts, changes.unusedFallbackKeyTypes]);
      const idle =
        changes.toDevice.length === 0 &&
        changes.changed.length === 0 &&
        changes.left.length === 0 &&
        lastCounts.get(deviceKey) === counts;
      if (idle) return;
      await stub().sync(settings, changes);
      lastCounts.set(deviceKey, counts);
    },
    decrypt: async (event) => (await stub().decrypt(settings, event)) as Decrypted,
    encrypt: async (roomId, type, content) =>
      (await stub().encrypt(settings, roomId, type, content)) as Record<string, unknown> | null,
  };
}

/** Why encrypted rooms are off, or null when they are on. */
export function e2eeOff(env: Env, config: Config): string | null {
  if (!env.CRYPTO_STORE_KEY?.trim()) return "CRYPTO_STORE_KEY is not set";
  if (!config.accessToken)
    return "they need sync mode (MATRIX_ACCESS_TOKEN): the bot's device is that token's device";
  if (!env.CRYPTO) return "the Worker has no CRYPTO Durable Object binding";
  return null;
}

/** The crypto fields of a sync batch. */
export function cryptoChangesOf(batch: SyncResponse): SyncCryptoChanges {
  return {
    toDevice: batch.to_device?.events ?? [],
    changed: batch.device_lists?.changed ?? [],
    left: batch.device_lists?.left ?? [],
    oneTimeKeyCounts: batch.device_one_time_keys_count ?? {},
    unusedFallbackKeyTypes: batch.device_unused_fallback_key_types,
  };
}

/**
 * Replaces each `m.room.encrypted` event by what it decrypts to (same event ID, room, sender),
 * so the pipeline, the access chain and modules see an ordinary event. One that cannot be
 * decrypted is left out, with a log line.
 */
export async function decryptEvents(
  device: E2eeDevice,
  events: readonly RoomEvent[],
  log: Logger,
): Promise<RoomEvent[]> {
  const out: RoomEvent[] = [];
  for (const event of events) {
    if (event.type !== "m.room.encrypted") {
      out.push(event);
      continue;
    }
    const result = await device.decrypt(event as unknown as Record<string, unknown>);
    if (!result.ok) {
      log.warn(`could not decrypt ${event.event_id} in ${event.room_id}: ${result.reason}`);
      continue;
    }
    out.push({ ...event, type: result.type, content: result.content } as RoomEvent);
  }
  return out;
}
