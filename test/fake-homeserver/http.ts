import type { IncomingMessage, ServerResponse } from "node:http";
import type { Json, JsonObject } from "./types.js";

export interface Reply {
  status: number;
  body: Json;
  /** Sent instead of `body`: a downloaded file. */
  file?: { data: Buffer; contentType: string; filename?: string };
}

export const ok = (body: Json): Reply => ({ status: 200, body });

export const matrixError = (status: number, errcode: string, error: string): Reply => ({
  status,
  body: { errcode, error },
});

/** Thrown by handlers to answer with a Matrix error. */
export class ReplyError extends Error {
  readonly reply: Reply;

  constructor(status: number, errcode: string, error: string) {
    super(`${errcode}: ${error}`);
    this.reply = matrixError(status, errcode, error);
  }
}

export function readBytes(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export async function readBody(req: IncomingMessage): Promise<string> {
  return (await readBytes(req)).toString("utf8");
}

/** undefined when the text is not JSON (an empty body is not JSON either). */
export function parseJson(text: string): Json | undefined {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as Json;
  } catch {
    return undefined;
  }
}

export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function send(res: ServerResponse, reply: Reply): void {
  if (res.destroyed || res.headersSent) return;
  if (reply.file) return void sendFile(res, reply.status, reply.file);
  const headers: Record<string, string> = { "content-type": "application/json" };
  // Matrix v1.10 moved the rate-limit hint to the standard header; send both like Synapse.
  if (reply.status === 429 && isObject(reply.body)) {
    const ms = reply.body.retry_after_ms;
    if (typeof ms === "number") headers["retry-after"] = String(Math.ceil(ms / 1000));
  }
  res.writeHead(reply.status, headers);
  res.end(JSON.stringify(reply.body));
}

function sendFile(res: ServerResponse, status: number, file: NonNullable<Reply["file"]>): void {
  const name = file.filename ? `; filename*=utf-8''${encodeURIComponent(file.filename)}` : "";
  res.writeHead(status, {
    "content-type": file.contentType,
    "content-length": String(file.data.length),
    "content-disposition": `attachment${name}`,
    "content-security-policy": "sandbox; default-src 'none';",
  });
  res.end(file.data);
}

/** Resolves after `ms`, or early when `signal` aborts; never rejects. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done);
  });
}
