// `npm run try` end to end: the script starts the fake homeserver and `wrangler dev`, a chat is
// driven through a pipe (and, where tmux is installed, through a real terminal), and after /quit
// nothing of wrangler's process group is left. Pure rendering is checked on its own first.
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderSent, stripReplyFallback } from "../../scripts/lib/try-render.mjs";
import { groupMembers } from "../../scripts/lib/try-stack.mjs";
import { nodeBinary, root } from "./node";

const SCRIPT = join(root, "scripts/try.mjs");

describe("npm run try: how answers are shown", () => {
  const owner = "@you:try.local";
  const room = "!try:try.local";
  const view = () => ({
    botLabel: "bot",
    room,
    known: new Map([
      ["$typed", { sender: "@friend:try.local", body: ".ping\nmore", byBot: false }],
    ]),
  });
  const event = (content: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    event_id: "$answer",
    room_id: room,
    type: "m.room.message",
    sender: owner,
    content,
    ...extra,
  });

  it("shows an edit as the edited message, with its new content", () => {
    const lines = renderSent(
      event({
        body: "* 🏓 | Pong!",
        "m.new_content": { body: "🏓 | Pong!\nsecond line" },
        "m.relates_to": { rel_type: "m.replace", event_id: "$typed" },
      }),
      view(),
    );
    expect(lines).toEqual(["  ✎ your message is now: 🏓 | Pong!\n    second line"]);
  });

  it("shows a reply with what it replies to, without the fallback quote", () => {
    const lines = renderSent(
      event({
        body: "> <@friend:try.local> .ping\n\n🏓 | Pong!",
        "m.relates_to": { "m.in_reply_to": { event_id: "$typed" } },
      }),
      view(),
    );
    expect(lines).toEqual(["  ↳ to @friend:try.local: .ping", "  bot: 🏓 | Pong!"]);
    expect(stripReplyFallback("plain")).toBe("plain");
  });

  it("shows reactions, notices, other rooms and unknown targets", () => {
    const v = view();
    const reaction = event(
      { "m.relates_to": { rel_type: "m.annotation", event_id: "$typed", key: "👍" } },
      { type: "m.reaction" },
    );
    expect(renderSent(reaction, v)).toEqual(["  bot reacted 👍 to @friend:try.local: .ping"]);
    const notice = event({ msgtype: "m.notice", body: "hi" }, { room_id: "!other:try.local" });
    expect(renderSent(notice, v)).toEqual(["  [!other:try.local] bot (notice): hi"]);
    const edit = event({
      body: "* x",
      "m.new_content": { body: "x" },
      "m.relates_to": { rel_type: "m.replace", event_id: "$answer" },
    });
    // The notice above was recorded as the bot's own message, so an edit of it says so.
    expect(renderSent({ ...edit, event_id: "$edit" }, v)).toEqual(["  ✎ bot's message is now: x"]);
    const unknown = event(
      { "m.relates_to": { rel_type: "m.annotation", event_id: "$gone", key: "✅" } },
      { type: "m.reaction" },
    );
    expect(renderSent(unknown, v)[0]).toContain("an earlier message ($gone)");
  });
});

/** A running `node scripts/try.mjs` with its output collected. */
class TrySession {
  output = "";
  private cursor = 0;
  readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.setEncoding("utf8");
    child.stderr.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      this.output += chunk;
    });
    child.stderr.on("data", (chunk: string) => {
      this.output += chunk;
    });
    this.exited = new Promise((resolve) => child.on("exit", (code) => resolve(code)));
  }

  /** Waits until the output after the previous match has `text`; returns that stretch. */
  async expect(text: string, ms = 10_000): Promise<string> {
    const until = Date.now() + ms;
    for (;;) {
      const at = this.output.indexOf(text, this.cursor);
      if (at >= 0) {
        const stretch = this.output.slice(this.cursor, at + text.length);
        this.cursor = at + text.length;
        return stretch;
      }
      if (Date.now() > until || this.child.exitCode !== null) {
        throw new Error(`no "${text}" in the output:\n${this.output.slice(this.cursor)}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Waits for the next line of output that holds `text`, and returns that line. */
  async line(text: string, ms = 10_000): Promise<string> {
    await this.expect(text, ms);
    const start = this.output.lastIndexOf("\n", this.cursor - text.length) + 1;
    const end = this.output.indexOf("\n", this.cursor);
    return this.output.slice(start, end < 0 ? undefined : end);
  }

  send(line: string) {
    this.child.stdin.write(`${line}\n`);
  }
}

/** Process groups of the wrangler that the try run `pid` started (found by its state folder). */
function wranglerGroups(pid: number): number[] {
  const marker = `.wrangler/try/run-${pid}`;
  const groups = new Set<number>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (!readFileSync(`/proc/${name}/cmdline`, "utf8").includes(marker)) continue;
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      groups.add(Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]));
    } catch {
      // gone meanwhile
    }
  }
  return [...groups];
}

const hasProc = existsSync("/proc/self/stat");
const tmux = spawnSync("which", ["tmux"], { encoding: "utf8" }).stdout.trim();

describe("npm run try: a chat through a pipe", () => {
  it("answers .help and .ping, shows a reply to someone else, and leaves nothing running", async () => {
    const child = spawn(nodeBinary, [SCRIPT], {
      cwd: root,
      stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, CI: "true" },
    });
    const session = new TrySession(child);
    try {
      await session.expect("Ready in", 75_000);
      await session.expect("Type .help");
      const groups = hasProc ? wranglerGroups(child.pid as number) : [];
      if (hasProc) expect(groups.length).toBeGreaterThan(0);

      session.send(".help");
      expect(await session.line("✎ your message is now:")).toContain("Commands you can run");

      session.send(".ping");
      expect(await session.line("Pong")).toMatch(/^ {2}✎ your message is now: 🏓 \| Pong!/);

      session.send("/as @friend:try.local");
      await session.expect("now typing as @friend:try.local");
      session.send(".ping");
      expect(await session.line("↳ to")).toBe("  ↳ to @friend:try.local: .ping");
      expect(await session.line("Pong")).toMatch(/^ {2}bot: 🏓 \| Pong!/);

      // A command a stranger may not run gets silence, as in a real room.
      session.send(".sudo");
      await session.expect("(no answer)");

      session.send("/quit");
      expect(await session.exited).toBe(0);
      for (const group of groups) expect(groupMembers(group)).toEqual([]);
      expect(existsSync(join(root, `.wrangler/try/run-${child.pid}`))).toBe(false);
    } finally {
      if (child.exitCode === null) child.kill("SIGTERM");
    }
  }, 90_000);
});

describe("npm run try -- --sync: the same chat in sync mode", () => {
  it("puts typed lines in the room, fires the cron, and shows the answer", async () => {
    const child = spawn(nodeBinary, [SCRIPT, "--sync"], {
      cwd: root,
      stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, CI: "true" },
    });
    const session = new TrySession(child);
    try {
      await session.expect("Type .help", 75_000);
      session.send(".ping");
      expect(await session.line("Pong")).toMatch(/^ {2}✎ your message is now: 🏓 \| Pong!/);
      child.stdin.end();
      expect(await session.exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGTERM");
    }
  }, 90_000);
});

describe("npm run try: a chat in a terminal (tmux)", () => {
  it.skipIf(!tmux)(
    `answers .help typed into a terminal${tmux ? "" : " (skipped: tmux is not installed)"}`,
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "mx-try-"));
      const socket = `mx-try-${process.pid}`;
      const exitFile = join(dir, "exit");
      const run = (...args: string[]) =>
        spawnSync("tmux", ["-L", socket, ...args], { encoding: "utf8" });
      const screen = () => run("capture-pane", "-p", "-J", "-S", "-200", "-t", "chat").stdout;
      const waitFor = async (text: string, ms: number) => {
        const until = Date.now() + ms;
        while (!screen().includes(text)) {
          if (Date.now() > until) throw new Error(`no "${text}" on the screen:\n${screen()}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      };
      try {
        const command = `${nodeBinary} ${SCRIPT}; echo $? > ${exitFile}`;
        const started = run("new-session", "-d", "-s", "chat", "-x", "150", "-y", "50", command);
        expect(started.status, started.stderr).toBe(0);
        await waitFor("Type .help", 75_000);
        run("send-keys", "-t", "chat", ".help", "Enter");
        await waitFor("Commands you can run", 10_000);
        expect(screen()).toContain("you › .help");
        run("send-keys", "-t", "chat", "/quit", "Enter");
        const until = Date.now() + 20_000;
        while (!existsSync(exitFile) && Date.now() < until) {
          await new Promise((r) => setTimeout(r, 100));
        }
        expect(readFileSync(exitFile, "utf8").trim()).toBe("0");
      } finally {
        run("kill-server");
        rmSync(dir, { recursive: true, force: true });
      }
    },
    90_000,
  );
});
