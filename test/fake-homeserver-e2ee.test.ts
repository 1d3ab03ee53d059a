import { describe, expect, it } from "vitest";
import {
  clientApi,
  createTenant,
  type DeviceInfo,
  type FakeTenant,
  type JsonObject,
  MEGOLM_ALGORITHM,
  type SyncResponse,
} from "./helpers/homeserver";

const ROOM = "!crypto:test.local";
const OWNER = "@owner:test.local";
const ALICE = "@alice:test.local";
const BOB = "@bob:test.local";
const enc = encodeURIComponent;

type Caller = { accessToken: string } | { token: string };
const tokenOf = (who: Caller) => ("accessToken" in who ? who.accessToken : who.token);

/** A JSON call as `who` (a device or the tenant) that expects 200 and resolves to the body. */
async function call<T = JsonObject>(
  tenant: FakeTenant,
  who: Caller,
  path: string,
  opts: { method?: string; body?: unknown; query?: Record<string, string> } = {},
): Promise<T> {
  const res = await clientApi<T>(tenant, tokenOf(who), path, opts);
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const sync = (tenant: FakeTenant, who: Caller, since?: string, timeout = "0") =>
  call<SyncResponse>(tenant, who, "/sync", {
    query: since === undefined ? {} : { since, timeout },
  });

function deviceKeys(device: DeviceInfo): JsonObject {
  return {
    user_id: device.userId,
    device_id: device.deviceId,
    algorithms: ["m.olm.v1.curve25519-aes-sha2", MEGOLM_ALGORITHM],
    keys: {
      [`curve25519:${device.deviceId}`]: `curve-${device.deviceId}`,
      [`ed25519:${device.deviceId}`]: `ed-${device.deviceId}`,
    },
    signatures: { [device.userId]: { [`ed25519:${device.deviceId}`]: `sig-${device.deviceId}` } },
  };
}

const signedKey = (key: string, fallback = false): JsonObject => ({
  key,
  ...(fallback ? { fallback: true } : {}),
  signatures: { [OWNER]: { "ed25519:X": `sig-${key}` } },
});

describe("fake homeserver: devices and tokens", () => {
  it("answers whoami with the device of each kind of token", async () => {
    const tenant = await createTenant();
    expect(await call(tenant, tenant, "/account/whoami")).toEqual({
      user_id: OWNER,
      device_id: "FAKEDEVICE",
      is_guest: false,
    });
    const own = await createTenant({ deviceId: "BOTDEVICE", appservice: false });
    expect(await call(own, own, "/account/whoami")).toMatchObject({ device_id: "BOTDEVICE" });

    const alice = await tenant.createDevice(ALICE, "ALICEDEV");
    expect(alice).toEqual({ userId: ALICE, deviceId: "ALICEDEV", accessToken: expect.any(String) });
    expect(await call(tenant, alice, "/account/whoami")).toEqual({
      user_id: ALICE,
      device_id: "ALICEDEV",
      is_guest: false,
    });
    const generated = await tenant.createDevice();
    expect(generated.userId).toBe(OWNER);
    expect(generated.deviceId).toMatch(/^[A-Z]{10}$/);
    // A device token ignores user_id; only the appservice token masquerades.
    const ignored = await call(tenant, alice, "/account/whoami", { query: { user_id: BOB } });
    expect(ignored).toMatchObject({ user_id: ALICE });

    // The appservice token as another user has no device, unless it names one of theirs.
    expect(await call(tenant, tenant, "/account/whoami", { query: { user_id: ALICE } })).toEqual({
      user_id: ALICE,
      is_guest: false,
    });
    const asDevice = await call(tenant, tenant, "/account/whoami", {
      query: { user_id: ALICE, device_id: "ALICEDEV" },
    });
    expect(asDevice).toMatchObject({ user_id: ALICE, device_id: "ALICEDEV" });
    const unknown = await clientApi(tenant, tenant.token, "/account/whoami", {
      query: { user_id: ALICE, device_id: "NOPE" },
    });
    expect(unknown).toMatchObject({ status: 400, body: { errcode: "M_EXCLUSIVE" } });

    expect(await tenant.requests({ pathIncludes: "whoami" })).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actingUser: ALICE, actingDevice: "ALICEDEV" }),
      ]),
    );
  });

  it("lets an appservice create a device with PUT /devices/{deviceId} and lists devices", async () => {
    const tenant = await createTenant();
    const created = await clientApi(tenant, tenant.token, "/devices/NEWDEV", {
      method: "PUT",
      body: { display_name: "Bot" },
      query: { user_id: ALICE },
    });
    expect(created.status).toBe(201);
    const listed = await call(tenant, tenant, "/devices", { query: { user_id: ALICE } });
    expect(listed).toEqual({ devices: [{ device_id: "NEWDEV", display_name: "Bot" }] });

    const alice = await tenant.createDevice(ALICE, "ALICEDEV");
    const notAppservice = await clientApi(tenant, alice.accessToken, "/devices/OTHER", {
      method: "PUT",
      body: {},
    });
    expect(notAppservice).toMatchObject({ status: 404, body: { errcode: "M_NOT_FOUND" } });
    const again = await tenant.createDevice(ALICE, "ALICEDEV", { accessToken: "alice-2" });
    expect(again.accessToken).toBe("alice-2");
    expect(await call(tenant, again, "/account/whoami")).toMatchObject({ device_id: "ALICEDEV" });
    expect((await tenant.devices()).map((d) => `${d.userId}|${d.deviceId}`).sort()).toEqual([
      `${ALICE}|ALICEDEV`,
      `${ALICE}|NEWDEV`,
      `${OWNER}|FAKEDEVICE`,
    ]);
  });
});

describe("fake homeserver: keys", () => {
  it("uploads and queries device keys of several devices", async () => {
    const tenant = await createTenant();
    const bot = await tenant.createDevice(OWNER, "BOTDEV", { displayName: "The bot" });
    const alice = await tenant.createDevice(ALICE, "ALICEDEV");
    const idle = await tenant.createDevice(ALICE, "IDLE");
    for (const device of [bot, alice]) {
      const uploaded = await call(tenant, device, "/keys/upload", {
        body: { device_keys: deviceKeys(device) },
      });
      expect(uploaded).toEqual({ one_time_key_counts: { signed_curve25519: 0 } });
    }
    expect(idle.deviceId).toBe("IDLE");

    const all = await call(tenant, bot, "/keys/query", {
      body: { device_keys: { [OWNER]: [], [ALICE]: [], [BOB]: [] }, timeout: 10_000 },
    });
    expect(all).toEqual({
      device_keys: {
        [OWNER]: {
          BOTDEV: { ...deviceKeys(bot), unsigned: { device_display_name: "The bot" } },
        },
        [ALICE]: { ALICEDEV: deviceKeys(alice) },
        [BOB]: {},
      },
      failures: {},
      master_keys: {},
      self_signing_keys: {},
      user_signing_keys: {},
    });
    const some = await call(tenant, alice, "/keys/query", {
      body: { device_keys: { [ALICE]: ["NOPE"] } },
    });
    expect(some.device_keys).toEqual({ [ALICE]: {} });

    const wrongOwner = await clientApi(tenant, alice.accessToken, "/keys/upload", {
      body: { device_keys: deviceKeys(bot) },
    });
    expect(wrongOwner).toMatchObject({ status: 400, body: { errcode: "M_INVALID_PARAM" } });
  });

  it("claims one-time keys until they run out, then the fallback key", async () => {
    const tenant = await createTenant();
    const bot = await tenant.createDevice(OWNER, "BOTDEV");
    const alice = await tenant.createDevice(ALICE, "ALICEDEV");
    const upload = await call(tenant, bot, "/keys/upload", {
      body: {
        device_keys: deviceKeys(bot),
        one_time_keys: {
          "signed_curve25519:AAAAAQ": signedKey("otk1"),
          "signed_curve25519:AAAAAg": signedKey("otk2"),
        },
        fallback_keys: { "signed_curve25519:AAAAAw": signedKey("fb1", true) },
      },
    });
    expect(upload).toEqual({ one_time_key_counts: { signed_curve25519: 2 } });
    let botSync = await sync(tenant, bot);
    expect(botSync.device_one_time_keys_count).toEqual({ signed_curve25519: 2 });
    expect(botSync.device_unused_fallback_key_types).toEqual(["signed_curve25519"]);

    const claim = () =>
      call<{ one_time_keys: JsonObject; failures: JsonObject }>(tenant, alice, "/keys/claim", {
        body: { one_time_keys: { [OWNER]: { BOTDEV: "signed_curve25519" } }, timeout: 10_000 },
      });
    expect(await claim()).toEqual({
      one_time_keys: { [OWNER]: { BOTDEV: { "signed_curve25519:AAAAAQ": signedKey("otk1") } } },
      failures: {},
    });
    botSync = await sync(tenant, bot, botSync.next_batch);
    expect(botSync.device_one_time_keys_count).toEqual({ signed_curve25519: 1 });
    expect((await claim()).one_time_keys).toEqual({
      [OWNER]: { BOTDEV: { "signed_curve25519:AAAAAg": signedKey("otk2") } },
    });
    // No one-time key left: the fallback key, as often as asked, now marked used.
    for (let i = 0; i < 2; i++) {
      expect((await claim()).one_time_keys).toEqual({
        [OWNER]: { BOTDEV: { "signed_curve25519:AAAAAw": signedKey("fb1", true) } },
      });
    }
    botSync = await sync(tenant, bot, botSync.next_batch);
    expect(botSync.device_one_time_keys_count).toEqual({ signed_curve25519: 0 });
    expect(botSync.device_unused_fallback_key_types).toEqual([]);
    const [summary] = (await tenant.devices()).filter((d) => d.deviceId === "BOTDEV");
    expect(summary).toMatchObject({
      oneTimeKeyCounts: { signed_curve25519: 0 },
      unusedFallbackKeyTypes: [],
    });

    // A device without keys, and an unknown one, give nothing.
    const nothing = await call(tenant, bot, "/keys/claim", {
      body: { one_time_keys: { [ALICE]: { ALICEDEV: "signed_curve25519", NOPE: "x" } } },
    });
    expect(nothing).toEqual({ one_time_keys: {}, failures: {} });

    // A one-time key id cannot be reused with another key.
    const clash = await clientApi(tenant, bot.accessToken, "/keys/upload", {
      body: { one_time_keys: { "signed_curve25519:AAAABA": signedKey("a") } },
    });
    expect(clash.status).toBe(200);
    const refused = await clientApi(tenant, bot.accessToken, "/keys/upload", {
      body: { one_time_keys: { "signed_curve25519:AAAABA": signedKey("b") } },
    });
    expect(refused).toMatchObject({ status: 400, body: { errcode: "M_INVALID_PARAM" } });
  });

  it("stores cross-signing keys and merges uploaded signatures", async () => {
    const tenant = await createTenant();
    const bot = await tenant.createDevice(OWNER, "BOTDEV");
    const alice = await tenant.createDevice(ALICE, "ALICEDEV");
    await call(tenant, bot, "/keys/upload", { body: { device_keys: deviceKeys(bot) } });
    const master = {
      user_id: OWNER,
      usage: ["master"],
      keys: { "ed25519:MASTERPUB": "MASTERPUB" },
    };
    const selfSigning = {
      user_id: OWNER,
      usage: ["self_signing"],
      keys: { "ed25519:SSKPUB": "SSKPUB" },
      signatures: { [OWNER]: { "ed25519:MASTERPUB": "msig" } },
    };
    const userSigning = { ...selfSigning, usage: ["user_signing"], keys: { "ed25519:USK": "USK" } };
    expect(
      await call(tenant, bot, "/keys/device_signing/upload", {
        body: { master_key: master, self_signing_key: selfSigning, user_signing_key: userSigning },
      }),
    ).toEqual({});
    const signatures = await call(tenant, bot, "/keys/signatures/upload", {
      body: {
        [OWNER]: {
          BOTDEV: { ...deviceKeys(bot), signatures: { [OWNER]: { "ed25519:SSKPUB": "ssig" } } },
          MASTERPUB: { ...master, signatures: { [OWNER]: { "ed25519:BOTDEV": "dsig" } } },
          UNKNOWN: { signatures: {} },
        },
      },
    });
    expect(signatures).toEqual({
      failures: { [OWNER]: { UNKNOWN: { errcode: "M_NOT_FOUND", error: "Unknown key" } } },
    });

    const query = { body: { device_keys: { [OWNER]: [] } } };
    const mine = await call(tenant, bot, "/keys/query", query);
    expect(mine.master_keys).toEqual({
      [OWNER]: { ...master, signatures: { [OWNER]: { "ed25519:BOTDEV": "dsig" } } },
    });
    expect(mine.self_signing_keys).toEqual({ [OWNER]: selfSigning });
    expect(mine.user_signing_keys).toEqual({ [OWNER]: userSigning });
    expect(mine.device_keys).toEqual({
      [OWNER]: {
        BOTDEV: {
          ...deviceKeys(bot),
          signatures: {
            [OWNER]: { "ed25519:BOTDEV": "sig-BOTDEV", "ed25519:SSKPUB": "ssig" },
          },
        },
      },
    });
    // Someone else does not see the user-signing key; a re-upload keeps the signatures.
    const theirs = await call(tenant, alice, "/keys/query", query);
    expect(theirs.user_signing_keys).toEqual({});
    await call(tenant, bot, "/keys/upload", { body: { device_keys: deviceKeys(bot) } });
    const again = await call(tenant, alice, "/keys/query", query);
    expect(again.device_keys).toEqual(mine.device_keys);
  });
});

describe("fake homeserver: to-device and device lists", () => {
  it("delivers a to-device event in the target device's sync until a later sync acknowledges it", async () => {
    const tenant = await createTenant();
    const bot = await tenant.createDevice(OWNER, "BOTDEV");
    const alice = await tenant.createDevice(ALICE, "ALICEDEV");
    const other = await tenant.createDevice(OWNER, "OTHERDEV");
    const first = await sync(tenant, bot);
    const otherFirst = await sync(tenant, other);
    expect(first.to_device).toBeUndefined();

    // A long-polling sync wakes for it.
    const polling = sync(tenant, bot, first.next_batch, "10000");
    await new Promise((resolve) => setTimeout(resolve, 100));
    const content = { algorithm: "m.olm.v1.curve25519-aes-sha2", ciphertext: { x: 1 } };
    const path = `/sendToDevice/m.room.encrypted/${enc("txn/1")}`;
    const body = { messages: { [OWNER]: { BOTDEV: content } } };
    expect(await call(tenant, alice, path, { method: "PUT", body })).toEqual({});
    // The same transaction again (a retry) queues nothing more.
    expect(await call(tenant, alice, path, { method: "PUT", body })).toEqual({});
    const delivered = await polling;
    expect(delivered.to_device).toEqual({
      events: [{ type: "m.room.encrypted", sender: ALICE, content }],
    });
    // Not acknowledged yet: the same since gives it again; a later since drops it.
    const repeated = await sync(tenant, bot, first.next_batch);
    expect(repeated.to_device?.events).toHaveLength(1);
    const after = await sync(tenant, bot, delivered.next_batch);
    expect(after.to_device).toBeUndefined();
    expect((await tenant.devices()).find((d) => d.deviceId === "BOTDEV")?.pendingToDevice).toEqual(
      [],
    );
    // Other devices got nothing.
    expect((await sync(tenant, other, otherFirst.next_batch)).to_device).toBeUndefined();

    // "*" reaches every device of the user; the sender device scopes transaction ids.
    const star = { messages: { [OWNER]: { "*": { hello: true } } } };
    await call(tenant, alice, `/sendToDevice/m.dummy/${enc("txn/1")}`, {
      method: "PUT",
      body: star,
    });
    const botNext = await sync(tenant, bot, after.next_batch);
    const otherNext = await sync(tenant, other, otherFirst.next_batch);
    for (const response of [botNext, otherNext]) {
      expect(response.to_device?.events).toEqual([
        { type: "m.dummy", sender: ALICE, content: { hello: true } },
      ]);
    }
  });

  it("reports device_lists.changed for users sharing a room, and left after a leave", async () => {
    const tenant = await createTenant();
    const bot = await tenant.createDevice(OWNER, "BOTDEV");
    const alice = await tenant.createDevice(ALICE, "ALICEDEV");
    const bob = await tenant.createDevice(BOB, "BOBDEV");
    await tenant.join(ROOM, [OWNER]);
    const start = await sync(tenant, bot);
    expect(start.device_lists).toBeUndefined();

    // Alice joins: she newly shares a room.
    await tenant.join(ROOM, [ALICE]);
    const joined = await sync(tenant, bot, start.next_batch);
    expect(joined.device_lists).toEqual({ changed: [ALICE], left: [] });

    // Keys of Alice (shares a room), of Bob (does not) and the bot's own.
    await call(tenant, alice, "/keys/upload", { body: { device_keys: deviceKeys(alice) } });
    await call(tenant, bob, "/keys/upload", { body: { device_keys: deviceKeys(bob) } });
    await call(tenant, bot, "/keys/upload", { body: { device_keys: deviceKeys(bot) } });
    const changed = await sync(tenant, bot, joined.next_batch);
    expect(changed.device_lists).toEqual({ changed: [ALICE, OWNER], left: [] });
    // The same keys again are no change.
    await call(tenant, alice, "/keys/upload", { body: { device_keys: deviceKeys(alice) } });
    const same = await sync(tenant, bot, changed.next_batch);
    expect(same.device_lists).toBeUndefined();
    const keyChanges = await call(tenant, bot, "/keys/changes", {
      query: { from: start.next_batch, to: changed.next_batch },
    });
    expect(keyChanges).toEqual({ changed: [ALICE, OWNER], left: [] });

    await tenant.leave(ROOM, ALICE);
    const left = await sync(tenant, bot, same.next_batch);
    expect(left.device_lists).toEqual({ changed: [], left: [ALICE] });
  });
});

describe("fake homeserver: encrypted rooms", () => {
  it("serves m.room.encryption state and room members", async () => {
    const tenant = await createTenant();
    const room = enc(ROOM);
    const missing = await clientApi(
      tenant,
      tenant.token,
      `/rooms/${room}/state/m.room.encryption/`,
    );
    expect(missing).toMatchObject({ status: 404, body: { errcode: "M_NOT_FOUND" } });

    await tenant.join(ROOM, [OWNER, ALICE]);
    await tenant.setProfile(BOB, { displayname: "Bob" });
    await tenant.setMembers(ROOM, {
      [OWNER]: { display_name: "Owner", avatar_url: null },
      [BOB]: { display_name: "Bob", avatar_url: null },
    });
    const eventId = await tenant.encryptRoom(ROOM, ALICE);
    for (const path of [`state/m.room.encryption/`, `state/m.room.encryption`]) {
      expect(await call(tenant, tenant, `/rooms/${room}/${path}`)).toEqual({
        algorithm: MEGOLM_ALGORITHM,
      });
    }
    const asEvent = await call(tenant, tenant, `/rooms/${room}/state/m.room.encryption`, {
      query: { format: "event" },
    });
    expect(asEvent).toMatchObject({ event_id: eventId, state_key: "", sender: ALICE });

    const joined = await call(tenant, tenant, `/rooms/${room}/joined_members`);
    expect(joined).toEqual({
      joined: {
        [OWNER]: { display_name: "Owner", avatar_url: null },
        [ALICE]: { display_name: null, avatar_url: null },
        [BOB]: { display_name: "Bob", avatar_url: null },
      },
    });
    const members = await call<{ chunk: JsonObject[] }>(tenant, tenant, `/rooms/${room}/members`);
    expect(
      members.chunk.map((e) => [e.state_key, e.type, (e.content as JsonObject).membership]),
    ).toEqual([
      [OWNER, "m.room.member", "join"],
      [ALICE, "m.room.member", "join"],
      [BOB, "m.room.member", "join"],
    ]);
    await tenant.leave(ROOM, ALICE);
    const stillIn = await call<{ chunk: JsonObject[] }>(tenant, tenant, `/rooms/${room}/members`, {
      query: { not_membership: "leave" },
    });
    expect(stillIn.chunk.map((e) => e.state_key)).toEqual([OWNER, BOB]);

    // State sent through the API is current state too, and unchanged state is not re-sent.
    const put = (content: JsonObject) =>
      call<{ event_id: string }>(tenant, tenant, `/rooms/${room}/state/m.room.topic/`, {
        method: "PUT",
        body: content,
      });
    const topic = await put({ topic: "secrets" });
    expect(await put({ topic: "secrets" })).toEqual(topic);
    expect(await call(tenant, tenant, `/rooms/${room}/state/m.room.topic`)).toEqual({
      topic: "secrets",
    });
    expect(await tenant.sent({ type: "m.room.topic" })).toEqual([
      expect.objectContaining({ state_key: "", txn_id: "", event_id: topic.event_id }),
    ]);
  });

  it("shows the encryption event in /sync, as state when the timeline no longer has it", async () => {
    const tenant = await createTenant();
    await tenant.join(ROOM, [OWNER, ALICE]);
    const eventId = await tenant.encryptRoom(ROOM, OWNER);
    const plain = await sync(tenant, tenant);
    expect(plain.rooms.join[ROOM]?.timeline.events.map((e) => e.type)).toEqual([
      "m.room.member",
      "m.room.member",
      "m.room.encryption",
    ]);
    expect(plain.rooms.join[ROOM]?.state).toBeUndefined();

    const filter = JSON.stringify({ room: { timeline: { limit: 1 } } });
    await tenant.addEvents(ROOM, [
      { type: "m.room.message", sender: ALICE, content: { body: "later" } },
    ]);
    const limited = await call<SyncResponse>(tenant, tenant, "/sync", { query: { filter } });
    const room = limited.rooms.join[ROOM];
    expect(room?.timeline).toMatchObject({ limited: true, events: [{ type: "m.room.message" }] });
    expect(room?.state?.events.map((e) => [e.type, e.state_key, e.event_id])).toEqual([
      ["m.room.member", OWNER, expect.any(String)],
      ["m.room.member", ALICE, expect.any(String)],
      ["m.room.encryption", "", eventId],
    ]);
    // A filter's state types apply to that section.
    const onlyEncryption = JSON.stringify({
      room: { timeline: { limit: 1 }, state: { types: ["m.room.enc*"] } },
    });
    const filtered = await call<SyncResponse>(tenant, tenant, "/sync", {
      query: { filter: onlyEncryption },
    });
    expect(filtered.rooms.join[ROOM]?.state?.events.map((e) => e.type)).toEqual([
      "m.room.encryption",
    ]);
  });

  it("puts a sent m.room.encrypted event in every member's sync", async () => {
    const tenant = await createTenant();
    const bot = await tenant.createDevice(OWNER, "BOTDEV");
    const alice = await tenant.createDevice(ALICE, "ALICEDEV");
    await tenant.join(ROOM, [OWNER, ALICE]);
    await tenant.encryptRoom(ROOM, OWNER);
    const [botStart, aliceStart, tenantStart] = [
      await sync(tenant, bot),
      await sync(tenant, alice),
      await sync(tenant, tenant),
    ];
    const content = {
      algorithm: MEGOLM_ALGORITHM,
      ciphertext: "AwgAEn...",
      sender_key: "curve-ALICEDEV",
      session_id: "session",
      device_id: "ALICEDEV",
    };
    const sent = await call<{ event_id: string }>(
      tenant,
      alice,
      `/rooms/${enc(ROOM)}/send/m.room.encrypted/${enc("e1")}`,
      { method: "PUT", body: content },
    );
    for (const [who, since] of [
      [bot, botStart],
      [alice, aliceStart],
      [tenant, tenantStart],
    ] as const) {
      const next = await sync(tenant, who, since.next_batch);
      expect(next.rooms.join[ROOM]?.timeline.events).toEqual([
        expect.objectContaining({
          event_id: sent.event_id,
          type: "m.room.encrypted",
          sender: ALICE,
          content,
        }),
      ]);
    }
    // Only the sending device sees its transaction id.
    const own = await sync(tenant, alice, aliceStart.next_batch);
    expect(own.rooms.join[ROOM]?.timeline.events[0]?.unsigned).toEqual({ transaction_id: "e1" });
    const theirs = await sync(tenant, bot, botStart.next_batch);
    expect(theirs.rooms.join[ROOM]?.timeline.events[0]?.unsigned).toEqual({});
  });
});
