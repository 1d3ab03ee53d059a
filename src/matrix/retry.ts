import { ConnectionError, MatrixError } from "matrix-js-sdk/lib/http-api/errors.js";

/**
 * A homeserver call that failed for good. `transient` failures (429s, 5xx, network) that
 * outlasted the retries fail the whole transaction, so the homeserver pushes it again later.
 */
export class HomeserverError extends Error {
  override readonly name = "HomeserverError";
  constructor(
    message: string,
    readonly transient: boolean,
    readonly status?: number,
    readonly errcode?: string,
  ) {
    super(message);
  }
}

export interface RetryPolicy {
  baseMs: number;
  /** Retries after a 5xx or a network error. */
  maxRetries: number;
  /** Retries after a 429; each waits the `retry_after_ms` the homeserver asked for. */
  maxRateLimitRetries: number;
  /** A 429 asking for longer than this is not waited for inside one request. */
  maxWaitMs: number;
}

export const defaultPolicy = (baseMs: number): RetryPolicy => ({
  baseMs,
  maxRetries: 3,
  maxRateLimitRetries: 5,
  maxWaitMs: 20_000,
});

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function withRetries<T>(
  what: string,
  policy: RetryPolicy,
  op: () => Promise<T>,
): Promise<T> {
  let failures = 0;
  let rateLimited = 0;
  for (;;) {
    try {
      return await op();
    } catch (error) {
      const status = error instanceof MatrixError ? error.httpStatus : undefined;
      const errcode = error instanceof MatrixError ? error.errcode : undefined;
      if (status === 429) {
        const wait = retryAfterMs(error as MatrixError) ?? policy.baseMs * 2 ** rateLimited;
        if (++rateLimited > policy.maxRateLimitRetries || wait > policy.maxWaitMs) {
          throw new HomeserverError(`${what}: rate-limited by the homeserver`, true, 429, errcode);
        }
        await sleep(wait);
        continue;
      }
      const transient = status === undefined ? isNetworkError(error) : status >= 500;
      if (!transient) {
        throw new HomeserverError(
          `${what}: ${status ?? ""} ${errcode ?? describe(error)}`.trim(),
          false,
          status,
          errcode,
        );
      }
      if (++failures > policy.maxRetries) {
        throw new HomeserverError(
          `${what}: homeserver unavailable (${status ?? describe(error)})`,
          true,
          status,
          errcode,
        );
      }
      await sleep(policy.baseMs * 2 ** (failures - 1));
    }
  }
}

/** The body's `retry_after_ms` is exact; the Retry-After header is rounded up to seconds. */
function retryAfterMs(error: MatrixError): number | null {
  const fromBody = error.data?.retry_after_ms;
  if (typeof fromBody === "number" && fromBody >= 0) return fromBody;
  return error.getRetryAfterMs();
}

function isNetworkError(error: unknown): boolean {
  return (
    error instanceof ConnectionError ||
    error instanceof TypeError ||
    (error instanceof Error && error.name === "AbortError")
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.name : "error";
}
