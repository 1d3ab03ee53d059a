import { describe, expect, it } from "vitest";
import { createTenant } from "../helpers/homeserver";
import { conversation, uid } from "../helpers/worker";

const ask = conversation(await createTenant());
const user = () => `@${uid("u")}:test.local`;

describe(".modaccess", () => {
  it("grants one command, which the user can then run, and takes it back", async () => {
    const friend = user();
    expect(await ask(".info", { sender: friend })).toBeNull();
    expect(await ask(`.modaccess add ${friend} info`)).toBe(
      `🔑 | ${friend} may now use command .info.`,
    );
    expect(await ask(`.modaccess add ${friend} .info`)).toBe(
      `🔑 | ${friend} already has command .info.`,
    );
    expect(await ask(".info", { sender: friend })).toContain("MXUserbot");
    expect(await ask(`.modaccess list ${friend}`)).toContain(`${friend}: .info (command)`);
    expect(await ask(`.modaccess rm ${friend} info`)).toBe(
      `🔑 | ${friend} may no longer use info.`,
    );
    expect(await ask(`.modaccess rm ${friend} info`)).toBe(`🔑 | ${friend} has no access to info.`);
    expect(await ask(".info", { sender: friend })).toBeNull();
  });

  it("grants a module, whose OWNER commands stay owner-only", async () => {
    const friend = user();
    expect(await ask(`.modaccess add ${friend} Core`)).toBe(
      `🔑 | ${friend} may now use module Core. Its OWNER commands stay owner-only.`,
    );
    expect(await ask(".info", { sender: friend })).toContain("MXUserbot");
    expect(await ask(".sudo list", { sender: friend })).toBeNull();
    expect(await ask(`.tsec ${friend} info 5`, { sender: friend })).toBeNull();
  });

  it("refuses OWNER commands, unknown names and bad input, storing nothing", async () => {
    const friend = user();
    expect(await ask(`.modaccess add ${friend} sudo`)).toMatch(/\.sudo is an OWNER command/);
    expect(await ask(`.modaccess add ${friend} nosuch`)).toMatch(
      /no module or command named nosuch/,
    );
    expect(await ask(`.modaccess add ${friend}`)).toMatch(/name the module or command/);
    expect(await ask(".modaccess add @bad info")).toMatch(/not a valid Matrix ID/);
    expect(await ask(`.modaccess list ${friend}`)).toBe("🔑 | Module access: none");
  });
});
