import type { OlmMachine } from "@matrix-org/matrix-sdk-crypto-wasm";
import { loadCrypto } from "../../src/crypto/wasm";

/**
 * A real E2EE client for tests: the Rust crypto (matrix-sdk-crypto's OlmMachine, in memory)
 * on a device of its own, talking to the fake homeserver over HTTP like Element would. It
 * uploads keys, tracks devices, shares room keys and encrypts and decrypts room messages.
 */
export class E2eeClient {
  private since: string | undefined;

  private constructor(
    readonly userId: string,
    readonly deviceId: string,
    private readonly baseUrl: string,
    private readonly token: string,
    readonly machine: OlmMachine,
  ) {}

  static async create(
    baseUrl: string,
    device: { userId: string; deviceId: string; accessToken: string },
  ): Promise<E2eeClient> {
    const crypto = loadCrypto();
    const machine = await crypto.OlmMachine.initialize(
      new crypto.UserId(device.userId),
      new crypto.DeviceId(device.deviceId),
    );
    const client = new E2eeClient(
      device.userId,
      device.deviceId,
      baseUrl,
      device.accessToken,
      machine,
    );
    await client.flush();
    return client;
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}/_matrix/client/v3${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return JSON.parse(text || "{}") as T;
  }

  /** Sends what the machine wants sent (key uploads, queries, to-device), until nothing is left. */
  async flush(): Promise<void> {
    const { RequestType } = loadCrypto();
    for (let round = 0; round < 5; round++) {
      const requests = await this.machine.outgoingRequests();
      if (requests.length === 0) return;
      for (const r of requests) {
        const path =
          r.type === RequestType.KeysUpload
            ? ["POST", "/keys/upload"]
            : r.type === RequestType.KeysQuery
              ? ["POST", "/keys/query"]
              : r.type === RequestType.KeysClaim
                ? ["POST", "/keys/claim"]
                : r.type === RequestType.SignatureUpload
                  ? ["POST", "/keys/signatures/upload"]
                  : r.type === RequestType.ToDevice
                    ? [
                        "PUT",
                        `/sendToDevice/${encodeURIComponent((r as { event_type: string }).event_type)}/${encodeURIComponent((r as { txn_id: string }).txn_id)}`,
                      ]
                    : null;
        if (!path) continue;
        const response = await this.call(path[0] as string, path[1] as string, r.body);
        if (r.id !== undefined)
          await this.machine.markRequestAsSent(r.id, r.type, JSON.stringify(response));
      }
    }
  }

  /** One /sync: feeds the crypto fields to the machine; returns the room timeline events. */
  async sync(): Promise<Record<string, unknown>[]> {
    const crypto = loadCrypto();
    const query = this.since ? `?since=${encodeURIComponent(this.since)}&timeout=0` : "?timeout=0";
    const batch = await this.call<{
      next_batch: string;
      to_device?: { events?: unknown[] };
      device_lists?: { changed?: string[]; left?: string[] };
      device_one_time_keys_count?: Record<string, number>;
      rooms?: { join?: Record<string, { timeline?: { events?: Record<string, unknown>[] } }> };
    }>("GET", `/sync${query}`);
    this.since = batch.next_batch;
    await this.machine.receiveSyncChanges(
      JSON.stringify(batch.to_device?.events ?? []),
      new crypto.DeviceLists(
        (batch.device_lists?.changed ?? []).map((u) => new crypto.UserId(u)),
        (batch.device_lists?.left ?? []).map((u) => new crypto.UserId(u)),
      ),
      new Map(Object.entries(batch.device_one_time_keys_count ?? {})),
      new Set(),
    );
    await this.flush();
    const events: Record<string, unknown>[] = [];
    for (const [roomId, room] of Object.entries(batch.rooms?.join ?? {}))
      for (const e of room.timeline?.events ?? []) events.push({ ...e, room_id: roomId });
    return events;
  }

  /** Encrypts a message for the room's members (sharing the room key first) and sends it. */
  async sendEncrypted(
    roomId: string,
    members: string[],
    content: Record<string, unknown>,
  ): Promise<string> {
    const crypto = loadCrypto();
    const users = () => members.map((m) => new crypto.UserId(m));
    await this.machine.updateTrackedUsers(users());
    await this.flush();
    const claim = await this.machine.getMissingSessions(users());
    if (claim) {
      const response = await this.call("POST", "/keys/claim", claim.body);
      await this.machine.markRequestAsSent(claim.id, claim.type, JSON.stringify(response));
    }
    const shares = await this.machine.shareRoomKey(
      new crypto.RoomId(roomId),
      users(),
      new crypto.EncryptionSettings(),
    );
    for (const share of shares) {
      const response = await this.call(
        "PUT",
        `/sendToDevice/${encodeURIComponent(share.event_type)}/${encodeURIComponent(share.txn_id)}`,
        share.body,
      );
      await this.machine.markRequestAsSent(share.id, share.type, JSON.stringify(response));
    }
    const encrypted = await this.machine.encryptRoomEvent(
      new crypto.RoomId(roomId),
      "m.room.message",
      JSON.stringify(content),
    );
    const { event_id } = await this.call<{ event_id: string }>(
      "PUT",
      `/rooms/${encodeURIComponent(roomId)}/send/m.room.encrypted/${nextTxnId()}`,
      encrypted,
    );
    return event_id;
  }

  /** Decrypts a room event; throws when the keys are missing. */
  async decrypt(
    event: Record<string, unknown>,
  ): Promise<{ type: string; content: Record<string, unknown> }> {
    const crypto = loadCrypto();
    const decrypted = await this.machine.decryptRoomEvent(
      JSON.stringify(event),
      new crypto.RoomId(String(event.room_id)),
      new crypto.DecryptionSettings(crypto.TrustRequirement.Untrusted),
    );
    return JSON.parse(decrypted.event);
  }
}

let txn = 0;
function nextTxnId(): string {
  return `e2ee-client-${Date.now()}-${txn++}`;
}
