import { defineModule, EVERYONE } from "mxuserbot";

class CalcError extends Error {
  constructor(message: string, readonly token: string) {
    super(message);
    this.name = "CalcError";
  }
}

/** A tiny reverse-Polish calculator. */
class Calculator {
  #stack: number[] = [];
  static readonly ops: Record<string, (a: number, b: number) => number> = {
    "+": (a, b) => a + b,
    "-": (a, b) => a - b,
    "*": (a, b) => a * b,
    "/": (a, b) => a / b,
    "^": (a, b) => a ** b,
  };

  constructor(private readonly limit = 64) {}

  get depth(): number {
    return this.#stack.length;
  }

  push(token: string): void {
    const op = Calculator.ops[token];
    if (op) {
      const b = this.#stack.pop();
      const a = this.#stack.pop();
      if (a === undefined || b === undefined) throw new CalcError("stack underflow", token);
      this.#stack.push(op(a, b));
    } else {
      const n = Number(token);
      if (!Number.isFinite(n)) throw new CalcError("not a number", token);
      if (this.depth >= this.limit) throw new RangeError("stack too deep");
      this.#stack.push(n);
    }
  }

  result(): number {
    if (this.depth !== 1) throw new CalcError("leftover values", String(this.depth));
    return this.#stack[0] ?? Number.NaN;
  }
}

export default defineModule({
  name: "Rpn",
  commands: {
    rpn: {
      security: EVERYONE,
      usage: "<expression in reverse Polish notation>",
      async run(ctx) {
        const calc = new Calculator();
        try {
          for (const token of ctx.argv) calc.push(token);
          await ctx.respond(String(calc.result()));
        } catch (error) {
          if (error instanceof CalcError) await ctx.respond(`${error.message} at "${error.token}"`);
          else if (error instanceof RangeError) await ctx.respond(error.message);
          else throw error;
        } finally {
          ctx.log.info("rpn done");
        }
      },
    },
  },
});
