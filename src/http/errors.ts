import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** A Matrix-style error response: `{ errcode, error }`. */
export function matrixError(
  c: Context,
  status: ContentfulStatusCode,
  errcode: string,
  error: string,
): Response {
  return c.json({ errcode, error }, status);
}
