import { describe, expect, it } from "vitest";
import { createTenant } from "../helpers/homeserver";
import { conversation, uid } from "../helpers/worker";

describe(".help and .modules as a new owner reads them", () => {
  it("shows a module the same way whatever the case, with its description", async () => {
    const ask = conversation(await createTenant());
    const lower = await ask(".help notes");
    expect(lower).toBe(await ask(".help Notes"));
    expect(lower).toMatch(/^📦 \| Notes 1\.0\.0\nSave and recall notes/);
    expect(lower).toContain(".notes");
    expect(await ask(".help")).toContain("Notes — Save and recall notes: .note");
  });

  it("explains a module without commands, and what it waits for", async () => {
    const ask = conversation(await createTenant());
    const greeter = await ask(".help Greeter");
    expect(greeter).toContain("No commands.");
    expect(greeter).toContain("Listens to: m.room.member.");
    expect(greeter).toContain("Waits for config: .cfg Greeter rooms <value>");
    expect(await ask(".modules")).toContain("Greeter 1.0.0 (waits for config: rooms)");
    // A stranger is not told about what they cannot run.
    expect(await ask(".help Greeter", { sender: `@${uid("s")}:test.local` })).toMatch(
      /No command or module named Greeter/,
    );
  });
});
