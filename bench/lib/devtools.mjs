/**
 * A minimal DevTools-protocol client for the Worker's inspector (`wrangler dev
 * --inspector-port`). Node 20 needs `--experimental-websocket` for the WebSocket global.
 * @param {number} port
 */
export async function connectInspector(port) {
  const [target] = /** @type {{ webSocketDebuggerUrl: string }[]} */ (
    await (await fetch(`http://127.0.0.1:${port}/json`)).json()
  );
  if (!target) throw new Error("the inspector lists no target");
  // wrangler's inspector proxy refuses connections without an allowed Origin.
  const ws = new WebSocket(
    target.webSocketDebuggerUrl,
    /** @type {any} */ ({ headers: { Origin: "http://localhost" } }),
  );
  await new Promise((resolve, reject) => {
    ws.addEventListener("open", resolve);
    ws.addEventListener("error", () => reject(new Error("could not connect to the inspector")));
  });
  let seq = 0;
  /** @type {Map<number, (message: any) => void>} */
  const pending = new Map();
  ws.addEventListener("message", (m) => {
    const data = JSON.parse(String(m.data));
    pending.get(data.id)?.(data);
    pending.delete(data.id);
  });
  return {
    /** @param {string} method @param {Record<string, unknown>} [params] @returns {Promise<any>} */
    send(method, params = {}) {
      return new Promise((resolve) => {
        const id = ++seq;
        pending.set(id, resolve);
        ws.send(JSON.stringify({ id, method, params }));
      });
    },
    close: () => ws.close(),
  };
}

/**
 * Busy time per request and the functions it went to, from a V8 CPU profile.
 * @param {{ nodes: { id: number, callFrame: { functionName: string, url: string, lineNumber: number } }[], samples: number[], timeDeltas: number[] }} profile
 * @param {number} requests
 */
export function summarize(profile, requests) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  let busy = 0;
  /** @type {Map<string, number>} */
  const self = new Map();
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)?.callFrame;
    const name = frame?.functionName || "(anonymous)";
    if (!frame || name === "(idle)") return;
    const dt = profile.timeDeltas[i] ?? 0;
    busy += dt;
    const key = `${name} ${frame.url.split("/").pop() ?? ""}:${frame.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 12);
  return {
    msPerRequest: busy / 1000 / requests,
    top: top.map(([k, v]) => ({ fn: k, msPerRequest: v / 1000 / requests })),
  };
}
