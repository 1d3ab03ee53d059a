/** The life of one handler's ctx: once revoked, every capability on it throws. */
export interface Lease {
  check(): void;
  revoke(reason: string): void;
}

export function createLease(): Lease {
  let revoked: string | null = null;
  return {
    check() {
      if (revoked !== null) throw new Error(`this handler's context is closed: ${revoked}`);
    },
    revoke(reason) {
      revoked ??= reason;
    },
  };
}

/** `fn`, for as long as `lease` holds: afterwards every call throws. */
export function leased<A extends unknown[], R>(lease: Lease, fn: (...args: A) => R) {
  return (...args: A): R => {
    lease.check();
    return fn(...args);
  };
}

/** An async `fn` for as long as `lease` holds: afterwards every call rejects. */
export function leasedAsync<A extends unknown[], R>(lease: Lease, fn: (...args: A) => Promise<R>) {
  return async (...args: A): Promise<R> => {
    lease.check();
    return fn(...args);
  };
}
