import { DurableObject } from "cloudflare:workers";
import type { OlmMachine } from "@matrix-org/matrix-sdk-crypto-wasm";
import type { Env } from "../env";
import { describeError } from "../log";
import { atRest } from "./at-rest";
import { HomeserverApi } from "./homeserver-api";
import { IdbSnapshot } from "./idb-snapshot";
import { idbWrites, installIndexedDb } from "./indexeddb";
import { sendOutgoing } from "./outgoing";
import { loadCrypto } from "./wasm";

/** What a sync batch carries for the device (MSC-free, plain client-server /sync fields). */
export interface SyncCryptoChanges {
  toDevice: unknown[];
  changed: string[];
  left: string[];
  oneTimeKeyCounts: Record<string, number>;
  unusedFallbackKeyTypes?: string[];
}

/** Who the device is and how it reaches its homeserver; passed by the Worker with every call. */
export interface DeviceConfig {
  homeserverUrl: string;
  userId: string;
  accessToken: string;
  storeKey: string;
}

export type Decrypted =
  | { ok: true; type: string; content: Record<string, unknown> }
  | { ok: false; reason: string };

const STORE_NAME = "mxuserbot";
/** How long "this room is not encrypted" is believed before asking the homeserver again. */
const PLAIN_ROOM_TTL_MS = 5 * 60_000;

/**
 * The bot's own E2EE device: one Durable Object owns the OlmMachine (matrix-sdk-crypto), so
 * one thread at a time touches the keys. Its store lives in an in-memory IndexedDB, copied to
 * this object's SQLite storage after every operation, sealed with CRYPTO_STORE_KEY; a new
 * instance (after eviction, a restart or a redeploy) restores it before doing anything else.
 */
export class CryptoDevice extends DurableObject<Env> {
  #machine: Promise<{ machine: OlmMachine; api: HomeserverApi; snapshot: IdbSnapshot }> | null =
    null;
  #runningFor = "";
  #queue: Promise<unknown> = Promise.resolve();
  readonly #roomChecks = new Map<string, { encrypted: boolean; at: number }>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(
      "CREATE TABLE IF NOT EXISTS crypto_rows (id TEXT PRIMARY KEY, sealed TEXT NOT NULL)",
    );
    ctx.storage.sql.exec(
      "CREATE TABLE IF NOT EXISTS crypto_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    );
  }

  /** Feeds the to-device events, device-list changes and key counts of one sync batch. */
  sync(config: DeviceConfig, changes: SyncCryptoChanges): Promise<void> {
    return this.#serial(config, async ({ machine, api }) => {
      const crypto = loadCrypto();
      const users = (ids: string[]) => ids.map((id) => new crypto.UserId(id));
      await machine.receiveSyncChanges(
        JSON.stringify(changes.toDevice),
        new crypto.DeviceLists(users(changes.changed), users(changes.left)),
        new Map(Object.entries(changes.oneTimeKeyCounts)),
        new Set(changes.unusedFallbackKeyTypes ?? []),
      );
      await sendOutgoing(machine, api);
    });
  }

  /** Decrypts one `m.room.encrypted` event; the reason when the keys are not (yet) here. */
  decrypt(config: DeviceConfig, event: Record<string, unknown>): Promise<Decrypted> {
    return this.#serial(config, async ({ machine }) => {
      const crypto = loadCrypto();
      const roomId = String(event.room_id);
      try {
        const decrypted = await machine.decryptRoomEvent(
          JSON.stringify(event),
          new crypto.RoomId(roomId),
          new crypto.DecryptionSettings(crypto.TrustRequirement.Untrusted),
        );
        this.#roomChecks.set(roomId, { encrypted: true, at: Date.now() });
        const plain = JSON.parse(decrypted.event) as { type?: unknown; content?: unknown };
        if (typeof plain.type !== "string" || typeof plain.content !== "object" || !plain.content)
          return { ok: false, reason: "the decrypted event has no type or content" };
        return { ok: true, type: plain.type, content: plain.content as Record<string, unknown> };
      } catch (error) {
        return { ok: false, reason: describeError(error) };
      }
    });
  }

  /**
   * Encrypts `content` for the room's joined members when the room is encrypted, sharing the
   * room key with their devices first; null when the room is not encrypted. The relation
   * (`m.relates_to`) stays in the clear, as the spec says, so clients show edits and replies.
   */
  encrypt(
    config: DeviceConfig,
    roomId: string,
    type: string,
    content: Record<string, unknown>,
  ): Promise<Record<string, unknown> | null> {
    return this.#serial(config, async ({ machine, api }) => {
      if (!(await this.#isEncrypted(api, roomId))) return null;
      const crypto = loadCrypto();
      const members = await api.joinedMembers(roomId);
      const users = () => members.map((m) => new crypto.UserId(m));
      await machine.updateTrackedUsers(users());
      await sendOutgoing(machine, api);
      const claim = await machine.getMissingSessions(users());
      if (claim) await sendOutgoing(machine, api, [claim]);
      const shares = await machine.shareRoomKey(
        new crypto.RoomId(roomId),
        users(),
        new crypto.EncryptionSettings(),
      );
      await sendOutgoing(machine, api, shares);
      const { "m.relates_to": relation, ...rest } = content;
      const encrypted = JSON.parse(
        await machine.encryptRoomEvent(new crypto.RoomId(roomId), type, JSON.stringify(rest)),
      ) as Record<string, unknown>;
      return relation === undefined ? encrypted : { ...encrypted, "m.relates_to": relation };
    });
  }

  /** The device's public identity (for `.info` and tests); never its keys' secrets. */
  identity(config: DeviceConfig): Promise<{ userId: string; deviceId: string; ed25519: string }> {
    return this.#serial(config, async ({ machine }) => ({
      userId: machine.userId.toString(),
      deviceId: machine.deviceId.toString(),
      ed25519: machine.identityKeys.ed25519.toBase64(),
    }));
  }

  /** One operation at a time, then the store's changes are written. */
  #serial<T>(
    config: DeviceConfig,
    work: (device: { machine: OlmMachine; api: HomeserverApi }) => Promise<T>,
  ): Promise<T> {
    const run = this.#queue.then(async () => {
      const device = await this.#device(config);
      const writes = idbWrites();
      try {
        return await work(device);
      } finally {
        // Reading (most decrypts) changes nothing: only a call that wrote is saved.
        if (idbWrites() !== writes) await device.snapshot.persist();
      }
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #device(config: DeviceConfig) {
    const key = JSON.stringify(config);
    if (this.#runningFor !== key) {
      // A new token or key (or the first call): start the machine for it.
      this.#runningFor = key;
      this.#machine = null;
    }
    this.#machine ??= this.#start(config).catch((error) => {
      this.#machine = null;
      this.#runningFor = "";
      throw error;
    });
    return this.#machine;
  }

  async #start(config: DeviceConfig) {
    const secret = config.storeKey;
    const api = new HomeserverApi(config.homeserverUrl, config.accessToken);
    const who = await api.whoami();
    if (who.userId !== config.userId)
      throw new Error(`the access token belongs to ${who.userId}, not ${config.userId}`);
    const sql = this.ctx.storage.sql;
    const meta = sql
      .exec<{ value: string }>("SELECT value FROM crypto_meta WHERE key = 'device'")
      .toArray();
    const device = `${who.userId}|${who.deviceId}`;
    if (meta[0]?.value !== device) {
      // Another account or device (a new token): its keys are not ours to reuse.
      sql.exec("DELETE FROM crypto_rows");
      sql.exec(
        "INSERT INTO crypto_meta (key, value) VALUES ('device', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        device,
      );
    }
    const factory = installIndexedDb();
    const snapshot = new IdbSnapshot(
      factory,
      snapshotStorage(this.ctx.storage),
      await atRest(secret),
    );
    await snapshot.restore();
    const crypto = loadCrypto();
    const machine = await crypto.OlmMachine.initialize(
      new crypto.UserId(who.userId),
      new crypto.DeviceId(who.deviceId),
      STORE_NAME,
      secret,
    );
    await sendOutgoing(machine, api);
    await snapshot.persist();
    return { machine, api, snapshot };
  }

  async #isEncrypted(api: HomeserverApi, roomId: string): Promise<boolean> {
    const known = this.#roomChecks.get(roomId);
    if (known && (known.encrypted || Date.now() - known.at < PLAIN_ROOM_TTL_MS))
      return known.encrypted;
    const encrypted = await api.roomIsEncrypted(roomId);
    this.#roomChecks.set(roomId, { encrypted, at: Date.now() });
    return encrypted;
  }
}

function snapshotStorage(storage: DurableObjectStorage) {
  return {
    read: () =>
      storage.sql
        .exec<{ id: string; sealed: string }>("SELECT id, sealed FROM crypto_rows")
        .toArray(),
    write(upserts: { id: string; sealed: string }[], deletes: string[]) {
      storage.transactionSync(() => {
        for (const { id, sealed } of upserts)
          storage.sql.exec(
            "INSERT INTO crypto_rows (id, sealed) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET sealed = excluded.sealed",
            id,
            sealed,
          );
        for (const id of deletes) storage.sql.exec("DELETE FROM crypto_rows WHERE id = ?", id);
      });
    },
  };
}
