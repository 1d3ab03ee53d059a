import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createTenant } from "../helpers/homeserver";
import { conversation, uid } from "../helpers/worker";

const ask = conversation(await createTenant());
const user = () => `@${uid("u")}:test.local`;

describe(".tsec", () => {
  it("grants a command for some minutes, lists it, and takes it back", async () => {
    const guest = user();
    expect(await ask(".info", { sender: guest })).toBeNull();
    expect(await ask(`.tsec ${guest} info 5`)).toBe(`⏱ ${guest} now has 5 min. for command info`);
    expect(await ask(".info", { sender: guest })).toContain("MXUserbot");
    expect(await ask(".tsec list")).toContain(`${guest}: .info, 5 min. left`);
    expect(await ask(`.tsec rm ${guest} info`)).toBe(`⏱ | ${guest} can no longer use .info.`);
    expect(await ask(`.tsec rm ${guest} info`)).toBe(
      `⏱ | ${guest} has no temporary access to .info.`,
    );
    expect(await ask(".info", { sender: guest })).toBeNull();
  });

  it("replaces a grant when given again, never duplicating it", async () => {
    const guest = user();
    await ask(`.tsec ${guest} info 5`);
    expect(await ask(`.tsec ${guest} info 30`)).toBe(`⏱ ${guest} now has 30 min. for command info`);
    const rows = await env.DB.prepare("SELECT expires_at FROM tsec_grants WHERE user_id = ?")
      .bind(guest)
      .all();
    expect(rows.results).toHaveLength(1);
    expect(Number(rows.results[0]?.expires_at) - Date.now()).toBeGreaterThan(29 * 60_000);
  });

  it("refuses bad minutes, unknown commands, OWNER and EVERYONE commands", async () => {
    const guest = user();
    for (const bad of ["0", "-1", "abc", "1.5", "10081", ""]) {
      expect(await ask(`.tsec ${guest} info ${bad}`)).toMatch(/minutes/);
    }
    expect(await ask(`.tsec ${guest} sudo 5`)).toMatch(/\.sudo is an OWNER command/);
    expect(await ask(`.tsec ${guest} nosuch 5`)).toMatch(/no command named nosuch/);
    expect(await ask(`.tsec ${guest} ping 5`)).toMatch(/everyone can already run/);
    expect(await ask(`.tsec @bad info 5`)).toMatch(/not a valid Matrix ID/);
    const rows = await env.DB.prepare("SELECT * FROM tsec_grants WHERE user_id = ?")
      .bind(guest)
      .all();
    expect(rows.results).toHaveLength(0);
  });

  it("accepts a week, the upper bound", async () => {
    expect(await ask(`.tsec ${user()} info 10080`)).toMatch(/now has 10080 min\./);
  });
});
