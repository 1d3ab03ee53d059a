import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { handleClientRequest } from "./client-api.js";
import { handleControlRequest } from "./control-api.js";
import { matrixError, parseJson, readBody, send } from "./http.js";
import type { Tenant } from "./tenant.js";

export interface FakeHomeserver {
  url: string;
  close(): Promise<void>;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Starts a fake Matrix homeserver on 127.0.0.1 with a random port. Tenants are created with
 * POST /_fake/tenants; each tenant's client-server API lives under /t/<id>.
 */
export async function startFakeHomeserver(): Promise<FakeHomeserver> {
  const tenants = new Map<string, Tenant>();
  const closing = new AbortController();
  let origin = "";

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", origin);
    const segments = url.pathname.split("/").slice(1).map(decodeSegment);
    const query = Object.fromEntries(url.searchParams);
    const [root, id, ...rest] = segments;
    if (root === "_fake") {
      const body = parseJson(await readBody(req));
      const method = req.method ?? "GET";
      send(
        res,
        handleControlRequest({ tenants, origin, method, segments: segments.slice(1), body }),
      );
      return;
    }
    const tenant = root === "t" && id !== undefined ? tenants.get(id) : undefined;
    if (tenant) return handleClientRequest(tenant, req, res, rest, query, closing.signal);
    send(res, matrixError(404, "M_UNRECOGNIZED", "Unknown tenant or path"));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error("fake homeserver:", error);
      send(res, matrixError(500, "M_UNKNOWN", String(error)));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: origin,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Ends pending long-polls and delays first, so no timer keeps the process alive.
        closing.abort();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
