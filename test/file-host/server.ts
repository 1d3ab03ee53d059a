import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A plain file host on 127.0.0.1 for install tests: `PUT /files/<path>` stores a body (any
 * bytes), `GET /files/<path>` serves it, `GET /_log` lists the paths requested so far.
 * `PUT /redirect/<path>` with a URL as body makes `GET /files/<path>` answer 302 there.
 */
export async function startFileHost(): Promise<{ url: string; close(): Promise<void> }> {
  const files = new Map<string, Buffer>();
  const redirects = new Map<string, string>();
  const log: string[] = [];
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (req.method === "GET" && path === "/_log") {
      res.setHeader("content-type", "application/json");
      return void res.end(JSON.stringify(log));
    }
    const body = await read(req);
    if (req.method === "PUT" && path.startsWith("/files/")) {
      files.set(path, body);
      return void res.end("ok");
    }
    if (req.method === "PUT" && path.startsWith("/redirect/")) {
      redirects.set(path.replace("/redirect/", "/files/"), body.toString());
      return void res.end("ok");
    }
    log.push(path);
    const target = redirects.get(path);
    if (target) {
      res.statusCode = 302;
      res.setHeader("location", target);
      return void res.end();
    }
    const file = files.get(path);
    if (!file) {
      res.statusCode = 404;
      return void res.end("not found");
    }
    res.end(file);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function read(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
