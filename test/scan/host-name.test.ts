import { describe, expect, it } from "vitest";
import { hostNameProblem, isHostName } from "../../src/scan/host-name";
import { scan } from "./node";

describe("network entries", () => {
  it.each([
    "api.example.com",
    "API.Example.COM",
    "api.open-meteo.com",
    "xn--bcher-kva.example",
    "a.b.c.d.example.org",
    "1password.com",
    "api.123.example",
  ])("accepts the host name %s", (host) => {
    expect(hostNameProblem(host)).toBeNull();
    expect(isHostName(host)).toBe(true);
  });

  it.each([
    ["127.0.0.1", /IP address \(loopback\)/],
    ["10.1.2.3", /IP address \(private\)/],
    ["192.168.0.10", /IP address \(private\)/],
    ["172.20.0.1", /IP address \(private\)/],
    ["169.254.169.254", /IP address \(link-local\)/],
    ["8.8.8.8", /IP address/],
    ["2130706433", /IP address/],
    ["0x7f.1", /IP address/],
    ["127.1", /IP address/],
    ["::1", /IP address \(loopback\)/],
    ["[::1]", /IP address \(loopback\)/],
    ["fe80::1", /IP address \(link-local\)/],
    ["fd00::1", /IP address \(private\)/],
    ["2606:4700::1111", /IP address/],
    ["localhost", /local name/],
    ["api.localhost", /local name/],
    ["printer.local", /local name/],
    ["db.internal", /local name/],
    ["router.home.arpa", /local name/],
    ["https://api.example.com", /is a URL/],
    ["api.example.com/v1", /path/],
    ["api.example.com:8443", /port/],
    ["user@api.example.com", /credentials/],
    ["*.example.com", /wildcard/],
    ["api.example.com.", /ends with a dot/],
    ["intranet", /single-label/],
    ["bücher.example", /internationalized/],
    ["-bad.example.com", /not a valid host name/],
    ["under_score.example.com", /not a valid host name/],
    ["", /empty/],
    ["api example.com", /white space/],
  ])("refuses %s", (host, why) => {
    expect(hostNameProblem(host)).toMatch(why);
    expect(isHostName(host)).toBe(false);
  });

  const mod = (network: string) =>
    `import { defineModule } from "mxuserbot";\nconst HOST = "api.example.com";\nexport default defineModule({\n  name: "N",\n  network: ${network},\n});\n`;
  const findings = (network: string) => scan.scanSource(mod(network), "n.ts").findings;

  it("refuses a module whose network list holds anything but host names", () => {
    expect(findings('["api.example.com", HOST]')).toEqual([]);
    expect(findings('["127.0.0.1"]')).toEqual([
      expect.objectContaining({ rule: "network-host", line: 5, column: 13 }),
    ]);
    expect(findings('["localhost", "https://x.example.com/"]').map((f) => f.rule)).toEqual([
      "network-host",
      "network-host",
    ]);
    expect(findings("[String(1)]").map((f) => f.rule)).toEqual(["network-host"]);
    expect(findings("HOST.split(',')").map((f) => f.rule)).toEqual(["network-host"]);
  });
});
