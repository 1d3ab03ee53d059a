// The dashboard in a real browser: Debian's Chromium, driven by playwright-core, against the
// Worker under `wrangler dev`. The owner asks for a link in chat, logs in, changes things on the
// pages, and chat sees each change. Screenshots go to build/browser/.
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { root, type Stack, startStack } from "./stack";

const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const present = existsSync(CHROMIUM);
const SHOTS = join(root, "build/browser");
const FRIEND = "@friend:browser.local";

if (!present && process.env.CI)
  throw new Error(`CI must run the browser test, and there is no Chromium at ${CHROMIUM}`);
if (!present)
  console.warn(
    `Skipping the browser test: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH). CI always runs it.`,
  );

describe.skipIf(!present)("the dashboard in Chromium", () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    [stack, browser] = await Promise.all([
      startStack(),
      chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] }),
    ]);
    page = await (await browser.newContext({ viewport: { width: 1100, height: 900 } })).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  /** `.web` in chat as `sender`; the link the bot answered with, if any. */
  const askForLink = async (sender?: string) => {
    const answer = await stack.answerTo(await stack.say(".web", sender));
    return answer?.match(/https?:\/\/\S+\/admin\/login\?token=\S+/)?.[0] ?? null;
  };
  const chat = async (body: string) => stack.answerTo(await stack.say(body));
  const answerOnPage = () => page.locator("section.answer pre").allInnerTexts();
  const shot = (name: string) =>
    page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

  it("logs in with the link from .web, once", async () => {
    const link = await askForLink();
    expect(link, stack.log()).toMatch(new RegExp(`^${stack.url}/admin/login\\?token=`));
    await page.goto(link as string);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL(`${stack.url}/admin`);
    await expect(page.locator("h1").innerText()).resolves.toBe("Status");
    await expect(page.locator("body").innerText()).resolves.toContain("MXUserbot 0.1.0");
    const [cookie] = await page.context().cookies();
    expect(cookie).toMatchObject({
      name: "mxub_session",
      path: "/admin",
      httpOnly: true,
      secure: true,
      sameSite: "Strict",
    });
    await shot("status");

    const other = await browser.newPage();
    await other.goto(link as string);
    await expect(other.locator("h1").innerText()).resolves.toBe("This link does not work");
    await other.close();
  });

  it("disables and enables a module, and chat sees it", async () => {
    await page.getByRole("link", { name: "Modules" }).click();
    await page.getByRole("button", { name: "Disable Notes" }).click();
    expect(await answerOnPage()).toEqual(["📦 | Notes is disabled."]);
    expect(await chat(".note a b")).toMatch(/belongs to Notes, which is disabled/);
    await page.getByRole("button", { name: "Enable Notes" }).click();
    expect(await answerOnPage()).toEqual(["📦 | Notes is enabled."]);
    expect(await chat(".modules")).not.toContain("(disabled)");

    const notes = page.locator("section", { hasText: "Notes config" });
    await notes.locator("input[name=value]").fill("7");
    await notes.getByRole("button", { name: "Set" }).click();
    expect(await answerOnPage()).toEqual(["✅ | Notes: maxNotes = 7 — How many notes to keep"]);
    expect(await chat(".cfg Notes maxNotes")).toBe(
      "⚙️ | Notes: maxNotes = 7 — How many notes to keep",
    );
    await shot("modules");
  });

  it("adds a sudo, and chat and the audit log see it", async () => {
    await page.getByRole("link", { name: "Access" }).click();
    await page.locator("form:has(button:text('Add sudo')) input[name=user]").fill(FRIEND);
    await page.getByRole("button", { name: "Add sudo" }).click();
    expect(await answerOnPage()).toEqual([`👤 User ${FRIEND} is now SUDO.`]);
    expect(await chat(".sudo list")).toContain(FRIEND);
    await shot("access");
    await page.setViewportSize({ width: 390, height: 844 });
    await shot("access-phone");
    await page.setViewportSize({ width: 1100, height: 900 });
    await page.getByRole("link", { name: "Audit log" }).click();
    const row = page.locator("tr", { hasText: "sudo.add" }).first();
    await expect(row.innerText()).resolves.toContain(FRIEND);
    await expect(row.innerText()).resolves.toMatch(/web:[0-9a-f-]{36}/);
    await shot("audit");
  });

  it("downloads a backup, and restores it after a change", async () => {
    await page.getByRole("link", { name: "Backup" }).click();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download backup" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^mxuserbot-backup-.*\.json$/);
    const file = join(SHOTS, "backup.json");
    await download.saveAs(file);

    await page.getByRole("link", { name: "Access" }).click();
    await page.locator("tr", { hasText: FRIEND }).getByRole("button", { name: "Remove" }).click();
    expect(await answerOnPage()).toEqual([`👤 User ${FRIEND} is no longer SUDO.`]);
    expect(await chat(".sudo list")).not.toContain(FRIEND);

    await page.getByRole("link", { name: "Backup" }).click();
    await page.locator("input[type=file]").setInputFiles(file);
    await page.getByLabel("replace everything").check();
    await page.getByRole("button", { name: "Restore" }).click();
    expect((await answerOnPage())[0]).toMatch(/^♻️ \| Restored the backup made /);
    expect(await chat(".sudo list")).toContain(FRIEND);
    await shot("backup");
  });

  it("refuses a change without the CSRF token, and a stranger gets no link", async () => {
    const forged = await page.request.post(`${stack.url}/admin/access`, {
      headers: { origin: stack.url },
      form: { action: "sudo.rm", user: FRIEND, request: crypto.randomUUID() },
    });
    expect(forged.status()).toBe(403);
    expect(await chat(".sudo list")).toContain(FRIEND);
    expect(await askForLink("@stranger:browser.local")).toBeNull();
  });

  it("logs out, and the session no longer opens a page", async () => {
    await page.getByRole("button", { name: "Log out" }).click();
    await expect(page.locator("h1").innerText()).resolves.toBe("Logged out");
    const after = await page.goto(`${stack.url}/admin`);
    expect(after?.status()).toBe(401);
  });
});
