import type { MiddlewareHandler } from "hono";
import type { Config } from "../config";
import type { Env } from "../env";
import { matrixError } from "./errors";

export type AppEnv = { Bindings: Env; Variables: { config: Config } };

/**
 * The homeserver authenticates with the `hs_token`: `Authorization: Bearer`, or the legacy
 * `?access_token=`. Compared in constant time over fixed-length digests.
 */
export const requireHsToken: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { hsToken } = c.get("config");
  if (!hsToken)
    return matrixError(
      c,
      404,
      "M_UNRECOGNIZED",
      "appservice mode is not configured (set AS_TOKEN and HS_TOKEN)",
    );
  const header = c.req.header("authorization");
  const presented = header?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? c.req.query("access_token");
  if (!presented) return matrixError(c, 401, "M_UNAUTHORIZED", "missing the homeserver token");
  if (!(await constantTimeEqual(presented, hsToken)))
    return matrixError(c, 403, "M_FORBIDDEN", "wrong homeserver token");
  await next();
};

const digests = new Map<string, Promise<ArrayBuffer>>();
const digest = (text: string) => crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));

/** Digests make the lengths equal; the expected token's digest is computed once per isolate. */
async function constantTimeEqual(presented: string, expected: string): Promise<boolean> {
  let known = digests.get(expected);
  if (!known) {
    known = digest(expected);
    digests.set(expected, known);
  }
  return crypto.subtle.timingSafeEqual(await digest(presented), await known);
}
