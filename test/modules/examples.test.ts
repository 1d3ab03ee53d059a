import { createHarness } from "mxuserbot/testing";
import { describe, expect, it } from "vitest";
import afk from "../../modules/afk";
import dictionary from "../../modules/dictionary";
import greeter from "../../modules/greeter";
import notes from "../../modules/notes";

const FRIEND = "@friend:test";
const STRANGER = "@stranger:test";

describe("example modules, through the module harness", () => {
  it("Notes saves, lists, shows and deletes notes for sudos only", async () => {
    const bot = createHarness(notes, { sudos: [FRIEND] });
    expect((await bot.command(".note shop milk eggs", { sender: FRIEND }))[0]?.body).toBe(
      "📝 | Saved note shop.",
    );
    expect((await bot.command(".gn shop", { sender: FRIEND }))[0]?.body).toBe(
      "📝 | shop: milk eggs",
    );
    expect((await bot.command(".notes"))[0]).toMatchObject({
      action: "respond",
      body: "📝 | Notes: shop",
    });
    expect(await bot.command(".note x y", { sender: STRANGER })).toEqual([]);
    // The same two-line answer the bot gives.
    expect((await bot.command(".note onlyname"))[0]?.body).toBe(
      "❌ | give a name and the text\nUsage: .note <name> <text>",
    );
    expect((await bot.command(".delnote shop"))[0]?.body).toBe("📝 | Deleted note shop.");
    expect([...bot.db.keys()]).toEqual([]);
  });

  it("Notes honours its maxNotes setting", async () => {
    const bot = createHarness(notes, { config: { maxNotes: 1 } });
    await bot.command(".note a 1");
    expect((await bot.command(".note b 2"))[0]?.body).toBe(
      "❌ | there are already 1 notes; delete one first\nUsage: .note <name> <text>",
    );
  });

  it("Afk answers anyone who asks while the owner is away", async () => {
    const bot = createHarness(afk);
    expect(await bot.message("are you afk?", { sender: STRANGER })).toEqual([]);
    await bot.command(".afk lunch");
    const [answer] = await bot.message("are you afk?", { sender: STRANGER });
    expect(answer).toMatchObject({ action: "reply" });
    expect(answer?.body).toMatch(/^💤 \| I'm away \(lunch\)/);
    await bot.command(".back");
    expect(await bot.message("afk?", { sender: STRANGER })).toEqual([]);
    expect(await bot.command(".afk", { sender: STRANGER })).toEqual([]);
  });

  it("Dictionary reaches only its declared host", async () => {
    const seen: string[] = [];
    const bot = createHarness(dictionary, {
      fetch: async (url) => {
        seen.push(url);
        return Response.json([
          {
            word: "cat",
            meanings: [{ partOfSpeech: "noun", definitions: [{ definition: "a small feline" }] }],
          },
        ]);
      },
    });
    const [answer] = await bot.command(".define cat", { sender: STRANGER });
    expect(answer?.body).toBe("📖 | cat\nnoun: a small feline");
    expect(seen).toEqual(["https://api.dictionaryapi.dev/api/v2/entries/en/cat"]);
    expect((await bot.command(".def 123"))[0]?.body).toMatch(
      /^❌ \| give one English word\nUsage: \.define /,
    );
  });

  it("Greeter waits for its required rooms setting, then greets joins there", async () => {
    const join = { membership: "join", displayname: "Newcomer" };
    const quiet = createHarness(greeter);
    expect(
      await quiet.event("m.room.member", join, { sender: STRANGER, stateKey: STRANGER }),
    ).toEqual([]);

    const bot = createHarness(greeter, { config: { rooms: ["!room:test"] } });
    const [hello] = await bot.event("m.room.member", join, {
      sender: STRANGER,
      stateKey: STRANGER,
    });
    expect(hello).toMatchObject({
      action: "send",
      roomId: "!room:test",
      body: "Welcome, Newcomer!",
    });
    expect(
      await bot.event("m.room.member", join, {
        sender: STRANGER,
        stateKey: STRANGER,
        roomId: "!other:test",
      }),
    ).toEqual([]);
  });
});
