export class TimeoutError extends Error {
  override readonly name: string = "TimeoutError";
}

/** Settles with `promise`, or rejects after `ms` without waiting for it any longer. */
export function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  message: string,
  make: (message: string) => Error = (m) => new TimeoutError(m),
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(make(message)), ms);
  });
  return Promise.race([promise, expired]).finally(() => {
    if (timer !== null) clearTimeout(timer);
  });
}
