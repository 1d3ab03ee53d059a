import { defineModule, EVERYONE } from "mxuserbot";

function* range(from: number, to: number, step = 1): Generator<number> {
  for (let i = from; i < to; i += step) yield i;
}

function* chunks<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let chunk: T[] = [];
  for (const item of items) {
    chunk.push(item);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

function* fizzBuzz(limit: number): Generator<string> {
  yield* [...range(1, limit + 1)].map((n) =>
    n % 15 === 0 ? "FizzBuzz" : n % 3 === 0 ? "Fizz" : n % 5 === 0 ? "Buzz" : String(n),
  );
}

async function* slowly<T>(items: Iterable<T>): AsyncGenerator<T> {
  for (const item of items) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    yield item;
  }
}

class Countdown implements Iterable<number> {
  constructor(private readonly from: number) {}
  *[Symbol.iterator](): Iterator<number> {
    for (let n = this.from; n > 0; n--) yield n;
  }
}

export default defineModule({
  name: "Generators",
  commands: {
    fizzbuzz: {
      security: EVERYONE,
      usage: "[limit]",
      async run(ctx) {
        const limit = Math.min(Number.parseInt(ctx.args, 10) || 15, 100);
        const lines: string[] = [];
        for await (const chunk of slowly(chunks(fizzBuzz(limit), 5))) lines.push(chunk.join(" "));
        await ctx.respond(`${lines.join("\n")}\n${[...new Countdown(3)].join("… ")}… done`);
      },
    },
  },
});
