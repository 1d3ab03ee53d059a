import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const script = fileURLToPath(new URL("../../scripts/registration.mjs", import.meta.url));
const run = (...args: string[]) =>
  spawnSync(process.execPath, [script, ...args], { encoding: "utf8" });

describe("npm run registration", () => {
  it("prints the registration and a secret put line for every setting, HOMESERVER_URL too", () => {
    const out = run(
      "--url",
      "https://bot.example.workers.dev",
      "--user",
      "@me:example.org",
      "--homeserver",
      "https://matrix.example.org",
    );
    expect(out.status).toBe(0);
    const asToken = /as_token: "([0-9a-f]{64})"/.exec(out.stdout)?.[1];
    expect(asToken).toBeDefined();
    for (const name of ["HOMESERVER_URL", "AS_TOKEN", "HS_TOKEN", "MATRIX_USER_ID"])
      expect(out.stderr).toContain(`npx wrangler secret put ${name}`);
    expect(out.stderr).toContain(
      'printf %s "https://matrix.example.org" | npx wrangler secret put HOMESERVER_URL\n',
    );
    expect(out.stderr).toContain(`AS_TOKEN=${asToken}`);
  });

  it("says when the homeserver URL is a guess, and refuses bad arguments", () => {
    const guess = run("--url", "https://bot.example.workers.dev", "--user", "@me:example.org");
    expect(guess.stderr).toMatch(
      /"https:\/\/example\.org" \| npx wrangler secret put HOMESERVER_URL +# a guess/,
    );
    expect(run("--url", "nope", "--user", "@me:example.org").status).toBe(2);
  });
});
