import * as sdk from "@matrix-org/matrix-sdk-crypto-wasm";
import { refetch } from "./http.mjs";

let initialized = false;
let txn = 0;

/**
 * A real E2EE client in Node for the bench, like test/helpers/e2ee-client.ts (which runs in
 * workerd): matrix-sdk-crypto's OlmMachine in memory, on a device of its own, talking to the
 * fake homeserver over HTTP the way Element would. It uploads its keys, shares a Megolm room key,
 * sends encrypted room messages and decrypts the bot's answers.
 * @param {string} baseUrl the tenant's client-server base URL
 * @param {{ userId: string, deviceId: string, accessToken: string }} device
 */
export async function e2eeClient(baseUrl, device) {
  if (!initialized) {
    await sdk.initAsync();
    initialized = true;
  }
  const machine = await sdk.OlmMachine.initialize(
    new sdk.UserId(device.userId),
    new sdk.DeviceId(device.deviceId),
  );
  /** @type {string | undefined} */
  let since;

  /** @param {string} method @param {string} path @param {unknown} [body] @returns {Promise<any>} */
  const call = async (method, path, body) => {
    const res = await refetch(`${baseUrl}/_matrix/client/v3${path}`, {
      method,
      headers: {
        authorization: `Bearer ${device.accessToken}`,
        "content-type": "application/json",
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return JSON.parse(text || "{}");
  };

  /** @param {any} r */
  const pathOf = (r) => {
    const enc = encodeURIComponent;
    switch (r.type) {
      case sdk.RequestType.KeysUpload:
        return ["POST", "/keys/upload"];
      case sdk.RequestType.KeysQuery:
        return ["POST", "/keys/query"];
      case sdk.RequestType.KeysClaim:
        return ["POST", "/keys/claim"];
      case sdk.RequestType.SignatureUpload:
        return ["POST", "/keys/signatures/upload"];
      case sdk.RequestType.ToDevice:
        return ["PUT", `/sendToDevice/${enc(r.event_type)}/${enc(r.txn_id)}`];
      default:
        return null;
    }
  };

  /** Sends what the machine wants sent (keys, queries, to-device), until nothing is left. */
  const flush = async (/** @type {any[]} */ given = []) => {
    for (let round = 0; round < 5; round++) {
      const requests = given.length > 0 ? given : await machine.outgoingRequests();
      if (requests.length === 0) return;
      for (const r of requests) {
        const path = pathOf(r);
        if (!path) continue;
        const response = await call(path[0] ?? "POST", path[1] ?? "", r.body);
        if (r.id !== undefined)
          await machine.markRequestAsSent(r.id, r.type, JSON.stringify(response));
      }
      if (given.length > 0) return;
    }
  };

  await flush();

  return {
    machine,
    /** One /sync: feeds its crypto fields to the machine; the room timeline events. */
    async sync() {
      const query = since ? `?since=${encodeURIComponent(since)}&timeout=0` : "?timeout=0";
      const batch = await call("GET", `/sync${query}`);
      since = batch.next_batch;
      const users = (/** @type {string[] | undefined} */ ids) =>
        (ids ?? []).map((u) => new sdk.UserId(u));
      await machine.receiveSyncChanges(
        JSON.stringify(batch.to_device?.events ?? []),
        new sdk.DeviceLists(users(batch.device_lists?.changed), users(batch.device_lists?.left)),
        new Map(Object.entries(batch.device_one_time_keys_count ?? {})),
        new Set(),
      );
      await flush();
      /** @type {Record<string, unknown>[]} */
      const events = [];
      for (const [roomId, room] of Object.entries(batch.rooms?.join ?? {}))
        for (const e of /** @type {any} */ (room).timeline?.events ?? [])
          events.push({ ...e, room_id: roomId });
      return events;
    },
    /**
     * Shares the room key with the members' devices when needed (the first time: key queries,
     * one-time key claims, to-device messages) and encrypts `content`; returns what to send as
     * an `m.room.encrypted` event, without sending it, so the caller can time the send alone.
     * @param {string} roomId @param {string[]} members @param {Record<string, unknown>} content
     */
    async encrypt(roomId, members, content) {
      const users = () => members.map((m) => new sdk.UserId(m));
      await machine.updateTrackedUsers(users());
      await flush();
      const claim = await machine.getMissingSessions(users());
      if (claim) await flush([claim]);
      await flush(
        await machine.shareRoomKey(new sdk.RoomId(roomId), users(), new sdk.EncryptionSettings()),
      );
      return /** @type {Record<string, unknown>} */ (
        JSON.parse(
          await machine.encryptRoomEvent(
            new sdk.RoomId(roomId),
            "m.room.message",
            JSON.stringify(content),
          ),
        )
      );
    },
    /** Sends an encrypted event made by `encrypt`; its event id. @param {string} roomId @param {Record<string, unknown>} encrypted */
    async send(roomId, encrypted) {
      const path = `/rooms/${encodeURIComponent(roomId)}/send/m.room.encrypted/bench-e2ee-${Date.now()}-${txn++}`;
      return /** @type {string} */ ((await call("PUT", path, encrypted)).event_id);
    },
    /** Decrypts a room event; throws when the keys are missing. @param {Record<string, unknown>} event */
    async decrypt(event) {
      const decrypted = await machine.decryptRoomEvent(
        JSON.stringify(event),
        new sdk.RoomId(String(event.room_id)),
        new sdk.DecryptionSettings(sdk.TrustRequirement.Untrusted),
      );
      return /** @type {{ type: string, content: Record<string, any> }} */ (
        JSON.parse(decrypted.event)
      );
    },
  };
}
