import { Hono } from "hono";
import { parseTransaction } from "../appservice/transaction";
import { loadConfig } from "../config";
import { createLogger, describeError } from "../log";
import { processEvents } from "../pipeline/process-events";
import { createRuntime } from "../runtime";
import { type AppEnv, requireHsToken } from "./auth";
import { readJsonBody } from "./body";
import { matrixError } from "./errors";

export const app = new Hono<AppEnv>();

app.onError((error, c) => {
  createLogger("http").error(
    `${c.req.method} ${new URL(c.req.url).pathname}: ${describeError(error)}`,
  );
  return matrixError(c, 500, "M_UNKNOWN", "internal error; the homeserver will retry");
});

app.notFound((c) => matrixError(c, 404, "M_UNRECOGNIZED", "unrecognized request"));

app.use(async (c, next) => {
  const result = loadConfig(c.env);
  if (!result.ok) {
    createLogger("config").error(`not configured: ${result.problems.join("; ")}`);
    return matrixError(
      c,
      503,
      "M_UNKNOWN",
      `the bot is not configured: ${result.problems.join("; ")}`,
    );
  }
  c.set("config", result.config);
  await next();
});

app.get("/", (c) =>
  c.json({ name: "mxuserbot", user_id: c.get("config").userId, modes: c.get("config").modes }),
);

app.on(
  "PUT",
  ["/_matrix/app/v1/transactions/:txnId", "/transactions/:txnId"],
  requireHsToken,
  async (c) => {
    const body = await readJsonBody(c.req.raw);
    if (!body.ok) return matrixError(c, body.status, body.errcode, body.error);
    const txn = parseTransaction(body.value);
    if (!txn.ok) return matrixError(c, 400, "M_BAD_JSON", txn.error);
    const rt = createRuntime(c.env, c.get("config"));
    const txnId = c.req.param("txnId");
    if (txn.skipped > 0)
      rt.log.warn(`transaction ${txnId}: skipped ${txn.skipped} malformed event(s)`);
    try {
      await processEvents(rt, txn.events, txnId);
    } catch (error) {
      rt.log.error(
        `transaction ${txnId} failed, the homeserver will retry: ${describeError(error)}`,
      );
      return matrixError(c, 503, "M_UNKNOWN", "could not process the transaction yet; retry later");
    }
    return c.json({});
  },
);

app.on("GET", ["/_matrix/app/v1/users/:userId", "/users/:userId"], requireHsToken, (c) =>
  c.req.param("userId") === c.get("config").userId
    ? c.json({})
    : matrixError(c, 404, "M_NOT_FOUND", "this appservice creates no users"),
);

app.on("GET", ["/_matrix/app/v1/rooms/:alias", "/rooms/:alias"], requireHsToken, (c) =>
  matrixError(c, 404, "M_NOT_FOUND", "this appservice provides no room aliases"),
);

app.post("/_matrix/app/v1/ping", requireHsToken, (c) => c.json({}));
