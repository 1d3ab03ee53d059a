import {
  createExecutionContext,
  createScheduledController,
  env,
  waitOnExecutionContext,
} from "cloudflare:test";
import type { Env } from "../../src/env";
import worker from "../../src/index";

export { countingD1 } from "../../src/db/counting";

import type { FakeTenant } from "./homeserver";

export const OWNER_ID = "@owner:test.local";
export const CO_OWNER_ID = "@coowner:test.local";
export const HS_TOKEN = "hs-token-for-tests";
export const ROOM = "!room:test.local";

/** The worker's env, pointed at one fake homeserver tenant, with optional overrides. */
export function envFor(tenant: FakeTenant, overrides: Partial<Env> = {}): Env {
  return { ...env, HOMESERVER_URL: tenant.baseUrl, AS_TOKEN: tenant.token, ...overrides };
}

/** Calls the Worker's fetch handler the way the homeserver would. */
export async function call(testEnv: Env, path: string, init: RequestInit = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await worker.fetch(new Request(`https://bot.test${path}`, init), testEnv, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

export interface RawEvent {
  type: string;
  event_id: string;
  room_id: string;
  sender: string;
  origin_server_ts: number;
  content: Record<string, unknown>;
  [key: string]: unknown;
}

/** Pushes an appservice transaction with the right hs_token. */
export function push(testEnv: Env, txnId: string, events: readonly unknown[]): Promise<Response> {
  return call(testEnv, `/_matrix/app/v1/transactions/${encodeURIComponent(txnId)}`, {
    method: "PUT",
    headers: { authorization: `Bearer ${HS_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ events }),
  });
}

let seq = 0;
/** A unique id so tests sharing one D1 never collide. */
export function uid(label = "x"): string {
  return `${label}${Date.now().toString(36)}${(seq++).toString(36)}`;
}

export function message(
  body: string,
  opts: {
    sender?: string;
    room?: string;
    content?: Record<string, unknown>;
    eventId?: string;
  } = {},
): RawEvent {
  return {
    type: "m.room.message",
    event_id: opts.eventId ?? `$${uid("ev")}:test.local`,
    room_id: opts.room ?? ROOM,
    sender: opts.sender ?? OWNER_ID,
    origin_server_ts: Date.now(),
    content: { msgtype: "m.text", body, ...opts.content },
  };
}

/** The event an answer edits or replies to. */
export function answeredEventId(content: Record<string, unknown>): string | undefined {
  const rel = content["m.relates_to"] as
    | { event_id?: string; "m.in_reply_to"?: { event_id?: string } }
    | undefined;
  return rel?.event_id ?? rel?.["m.in_reply_to"]?.event_id;
}

/** The text of each answer the bot sent: the new text of an edit, or the body of a message. */
export function answerText(content: Record<string, unknown>): string {
  const edited = content["m.new_content"] as { body?: unknown } | undefined;
  return String(edited?.body ?? content.body);
}

/** Runs the Worker's Cron Trigger as if it fired at `scheduledTime`. */
export async function runCron(testEnv: Env, scheduledTime = Date.now()): Promise<void> {
  const controller = createScheduledController({ scheduledTime, cron: "* * * * *" });
  const ctx = createExecutionContext();
  await worker.scheduled(controller, testEnv, ctx);
  await waitOnExecutionContext(ctx);
}

/** A conversation with the bot over one tenant: push one event, get the text of its answer. */
export function conversation(tenant: FakeTenant, overrides: Partial<Env> = {}) {
  const testEnv = envFor(tenant, overrides);
  return async (body: string, opts: Parameters<typeof message>[1] = {}): Promise<string | null> => {
    const event = message(body, opts);
    const response = await push(testEnv, uid("t"), [event]);
    if (response.status !== 200) throw new Error(`push answered ${response.status}`);
    const answer = (await tenant.sent()).find((e) => {
      return answeredEventId(e.content) === event.event_id;
    });
    return answer ? answerText(answer.content) : null;
  };
}
