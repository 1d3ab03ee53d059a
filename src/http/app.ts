import { Hono } from "hono";
import { loadConfig } from "../config";
import { createLogger, describeError } from "../log";
import { admin } from "../web/app";
import { type AppEnv, requireHsToken } from "./auth";
import { matrixError } from "./errors";
import { handleTransaction } from "./transaction-route";

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
  handleTransaction,
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

app.route("/admin", admin);
