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
