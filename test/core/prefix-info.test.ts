import { describe, expect, it } from "vitest";
import { createTenant } from "../helpers/homeserver";
import { conversation, uid } from "../helpers/worker";

describe(".prefix", () => {
  it("changes the prefix at once, kept in D1, and refuses letters, digits and spaces", async () => {
    const ask = conversation(await createTenant());
    for (const bad of ["a", "1", "ab", "Ж"]) expect(await ask(`.prefix ${bad}`)).toMatch(/^❌/);
    expect(await ask(".prefix !")).toBe("✅ | The prefix is now ! — try !help");
    expect(await ask(".ping")).toBeNull();
    expect(await ask("!ping")).toMatch(/Pong/);
    expect(await ask("!prefix")).toMatch(/the prefix is !/);
    expect(await ask(`!prefix !`, { sender: `@${uid("u")}:test.local` })).toBeNull();
    expect(await ask("!prefix .")).toBe("✅ | The prefix is now . — try .help");
  });
});

describe(".info", () => {
  it("shows version, mode and modules to sudos, and nothing to strangers", async () => {
    const ask = conversation(await createTenant());
    const answer = await ask(".info");
    expect(answer).toMatch(/MXUserbot \d+\.\d+\.\d+/);
    expect(answer).toContain("Mode: appservice");
    expect(answer).toContain("Modules refused: none");
    expect(await ask(".info", { sender: `@${uid("u")}:test.local` })).toBeNull();
  });
});
