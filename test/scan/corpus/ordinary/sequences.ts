import { defineModule, EVERYONE } from "mxuserbot";

function* fibonacci(): Generator<number> {
  let [a, b] = [0, 1];
  while (true) {
    yield a;
    [a, b] = [b, a + b];
  }
}

class Range implements Iterable<number> {
  constructor(
    readonly from: number,
    readonly to: number,
  ) {}
  *[Symbol.iterator](): Iterator<number> {
    for (let i = this.from; i <= this.to; i++) yield i;
  }
}

function firstPrimes(n: number): number[] {
  const primes: number[] = [];
  outer: for (const candidate of new Range(2, 10_000)) {
    for (const p of primes) {
      if (p * p > candidate) break;
      if (candidate % p === 0) continue outer;
    }
    primes.push(candidate);
    if (primes.length === n) break;
  }
  return primes;
}

export default defineModule({
  name: "Sequences",
  commands: {
    fib: {
      security: EVERYONE,
      async run(ctx) {
        const n = Math.min(Number(ctx.argv[0] ?? 10), 50);
        const out: number[] = [];
        for (const x of fibonacci()) {
          if (out.length >= n) break;
          out.push(x);
        }
        await ctx.respond(out.join(", "));
      },
    },
    primes: {
      security: EVERYONE,
      async run(ctx) {
        await ctx.respond(firstPrimes(Math.min(Number(ctx.argv[0] ?? 10), 200)).join(" "));
      },
    },
  },
});
