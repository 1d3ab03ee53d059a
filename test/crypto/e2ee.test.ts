import { abortAllDurableObjects, env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { E2eeClient } from "../helpers/e2ee-client";
import { createTenant } from "../helpers/homeserver";
import { envFor, OWNER_ID, ROOM, runCron } from "../helpers/worker";

const FRIEND = "@friend:test.local";
const MEMBERS = [OWNER_ID, FRIEND];

/** Sync mode with encrypted rooms on: the bot's device is the sync token's device. */
async function setup() {
  await env.DB.prepare("DELETE FROM sync_state").run();
  const hs = await createTenant({ appservice: false, deviceId: "BOTDEVICE" });
  const testEnv = envFor(hs, {
    AS_TOKEN: undefined,
    HS_TOKEN: undefined,
    MATRIX_ACCESS_TOKEN: hs.token,
    SYNC_BUDGET_SECONDS: "0.3",
    CRYPTO_STORE_KEY: "a test store key",
  });
  await hs.join(ROOM, MEMBERS);
  await hs.encryptRoom(ROOM, OWNER_ID);
  // The first run learns the position and starts the bot's device: it uploads its keys.
  await runCron(testEnv);
  await runCron(testEnv);
  const phone = await E2eeClient.create(hs.baseUrl, await hs.createDevice(OWNER_ID, "OWNERPHONE"));
  const friend = await E2eeClient.create(hs.baseUrl, await hs.createDevice(FRIEND, "FRIENDPHONE"));
  return { hs, testEnv, phone, friend };
}

/** What a client shows for the bot's answer to `eventId`: decrypted, with its relation. */
async function readAnswer(
  client: E2eeClient,
  hs: Awaited<ReturnType<typeof createTenant>>,
  eventId: string,
) {
  const answer = (await hs.sent()).find(
    (e) =>
      (
        e.content["m.relates_to"] as
          | { event_id?: string; "m.in_reply_to"?: { event_id?: string } }
          | undefined
      )?.event_id === eventId ||
      (e.content["m.relates_to"] as { "m.in_reply_to"?: { event_id?: string } } | undefined)?.[
        "m.in_reply_to"
      ]?.event_id === eventId,
  );
  if (!answer) return null;
  const timeline = await client.sync();
  const event = timeline.find((e) => e.event_id === answer.event_id) ?? {
    ...answer,
    room_id: ROOM,
    origin_server_ts: Date.now(),
  };
  const plain = await client.decrypt(event as Record<string, unknown>);
  return { type: answer.type, relation: answer.content["m.relates_to"], plain };
}

const deviceStub = () => env.CRYPTO.get(env.CRYPTO.idFromName("device"));

/** The device's public identity, asked the way the Worker asks (same settings). */
async function identity(testEnv: ReturnType<typeof envFor>) {
  return deviceStub().identity({
    homeserverUrl: String(testEnv.HOMESERVER_URL),
    userId: OWNER_ID,
    accessToken: String(testEnv.MATRIX_ACCESS_TOKEN),
    storeKey: String(testEnv.CRYPTO_STORE_KEY),
  });
}

describe("encrypted rooms (sync mode)", () => {
  it("answers the owner's and a sudo's encrypted commands, encrypted, across a restart", async () => {
    const { hs, testEnv, phone, friend } = await setup();

    const pingId = await phone.sendEncrypted(ROOM, MEMBERS, { msgtype: "m.text", body: ".ping" });
    await runCron(testEnv);
    const pong = await readAnswer(phone, hs, pingId);
    expect(pong?.type).toBe("m.room.encrypted");
    // The edit relation stays in the clear part, so clients show the answer as an edit.
    expect(pong?.relation).toEqual({ rel_type: "m.replace", event_id: pingId });
    expect(pong?.plain.content["m.new_content"]).toMatchObject({
      body: expect.stringMatching(/^🏓 \| Pong!/),
    });

    const sudoId = await phone.sendEncrypted(ROOM, MEMBERS, {
      msgtype: "m.text",
      body: `.sudo add ${FRIEND}`,
    });
    await runCron(testEnv);
    expect((await readAnswer(phone, hs, sudoId))?.plain.content["m.new_content"]).toMatchObject({
      body: `👤 User ${FRIEND} is now SUDO.`,
    });

    // The runtime restarts: the device comes back from its sealed store, keys and sessions.
    const before = await identity(testEnv);
    await abortAllDurableObjects();
    expect(await identity(testEnv)).toEqual(before);
    const infoId = await friend.sendEncrypted(ROOM, MEMBERS, { msgtype: "m.text", body: ".info" });
    await runCron(testEnv);
    const info = await readAnswer(friend, hs, infoId);
    expect(info?.type).toBe("m.room.encrypted");
    expect(String(info?.plain.content.body)).toMatch(/MXUserbot[\s\S]*Encrypted rooms: on/);

    // Modules get the decrypted event like any other (Notes runs in its sandbox).
    const noteId = await phone.sendEncrypted(ROOM, MEMBERS, {
      msgtype: "m.text",
      body: ".note e2ee it works",
    });
    await runCron(testEnv);
    expect((await readAnswer(phone, hs, noteId))?.plain.content["m.new_content"]).toMatchObject({
      body: "📝 | Saved note e2ee.",
    });

    // A second message of the owner's same Megolm session, after another restart.
    await abortAllDurableObjects();
    const again = await phone.sendEncrypted(ROOM, MEMBERS, { msgtype: "m.text", body: ".ping" });
    await runCron(testEnv);
    expect((await readAnswer(phone, hs, again))?.plain.content["m.new_content"]).toMatchObject({
      body: expect.stringMatching(/^🏓 \| Pong!/),
    });
    // Each of the five commands answered once, and nothing in the clear.
    const answers = (await hs.sent()).filter((e) => e.content["m.relates_to"] !== undefined);
    expect(answers.map((e) => e.type)).toEqual(Array(5).fill("m.room.encrypted"));
  });

  it("keeps its store sealed at rest: no IDs, keys or plain values in the object's storage", async () => {
    const { testEnv } = await setup();
    const rows = await runInDurableObject(deviceStub(), async (_instance, state) =>
      state.storage.sql
        .exec<{ id: string; sealed: string }>("SELECT id, sealed FROM crypto_rows")
        .toArray(),
    );
    expect(rows.length).toBeGreaterThan(10);
    const all = JSON.stringify(rows);
    for (const plain of [OWNER_ID, "BOTDEVICE", "matrix-sdk-crypto", "curve25519", "tracked_users"])
      expect(all).not.toContain(plain);
    expect((await identity(testEnv)).deviceId).toBe("BOTDEVICE");
  });
});
