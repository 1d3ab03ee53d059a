// The bot as it runs for real, through the same helper as `npm run try`: `wrangler dev` (its own
// process group, its own local D1, every setting given as --var and an empty --env-file so a
// developer's .dev.vars is never read) in front of the test suite's fake homeserver.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, randomToken, startWorker } from "../../scripts/lib/try-stack.mjs";
import { type FakeHomeserver, startFakeHomeserver } from "../fake-homeserver/server";

export const root = fileURLToPath(new URL("../..", import.meta.url));
export const OWNER = "@owner:browser.local";
export const ROOM = "!room:browser.local";

export interface Stack {
  /** The Worker's origin, e.g. http://127.0.0.1:PORT. */
  url: string;
  /** Pushes one message as `sender` (an appservice transaction); resolves to its event id. */
  say(body: string, sender?: string): Promise<string>;
  /** The text of the bot's answer to an event (an edit's new text, or a reply's body). */
  answerTo(eventId: string): Promise<string | null>;
  /** wrangler's output so far, for a failure message. */
  log(): string;
  stop(): Promise<void>;
}

export async function startStack(): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), "mxub-browser-"));
  const logFile = join(dir, "wrangler.log");
  const homeserver = await startFakeHomeserver();
  let worker: { stop(): Promise<void> } | undefined;
  const stop = async () => {
    await worker?.stop();
    await homeserver.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const tenant = await createTenant(homeserver);
    const hsToken = randomToken();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    worker = await startWorker({
      port,
      log: logFile,
      vars: {
        HOMESERVER_URL: tenant.baseUrl,
        MATRIX_USER_ID: OWNER,
        AS_TOKEN: tenant.token,
        HS_TOKEN: hsToken,
        PUBLIC_URL: url,
      },
    });
    let seq = 0;
    const say = async (body: string, sender = OWNER) => {
      const eventId = `$browser${Date.now()}${seq++}:browser.local`;
      const event = {
        type: "m.room.message",
        event_id: eventId,
        room_id: ROOM,
        sender,
        origin_server_ts: Date.now(),
        content: { msgtype: "m.text", body },
      };
      const response = await fetch(`${url}/_matrix/app/v1/transactions/t${eventId}`, {
        method: "PUT",
        headers: { authorization: `Bearer ${hsToken}`, "content-type": "application/json" },
        body: JSON.stringify({ events: [event] }),
      });
      if (!response.ok)
        throw new Error(`the transaction got ${response.status}: ${await response.text()}`);
      return eventId;
    };
    const answerTo = async (eventId: string) => {
      const response = await fetch(
        `${homeserver.url}/_fake/t/${encodeURIComponent(tenant.id)}/sent`,
      );
      const sent = (await response.json()) as { content: Record<string, unknown> }[];
      for (const { content } of sent) {
        const rel = content["m.relates_to"] as
          | { event_id?: string; "m.in_reply_to"?: { event_id?: string } }
          | undefined;
        if ((rel?.event_id ?? rel?.["m.in_reply_to"]?.event_id) !== eventId) continue;
        const edited = content["m.new_content"] as { body?: unknown } | undefined;
        return String(edited?.body ?? content.body);
      }
      return null;
    };
    return { url, say, answerTo, log: () => readFileSync(logFile, "utf8"), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function createTenant(homeserver: FakeHomeserver) {
  const response = await fetch(`${homeserver.url}/_fake/tenants`, {
    method: "POST",
    body: JSON.stringify({ userId: OWNER }),
  });
  return (await response.json()) as { id: string; baseUrl: string; token: string };
}
