import { defineModule, EVERYONE } from "mxuserbot";

/** A tally with private state: private fields, methods, statics, getters and setters. */
class Tally {
  static #created = 0;
  #counts = new Map<string, number>();
  #label: string;

  constructor(label: string) {
    this.#label = label;
    Tally.#created++;
  }

  static get created(): number {
    return Tally.#created;
  }

  get label(): string {
    return this.#label;
  }

  set label(value: string) {
    this.#label = value.trim() || this.#label;
  }

  get total(): number {
    let sum = 0;
    for (const n of this.#counts.values()) sum += n;
    return sum;
  }

  add(key: string): number {
    const next = (this.#counts.get(key) ?? 0) + 1;
    this.#counts.set(key, next);
    return next;
  }

  #top(): [string, number][] {
    return [...this.#counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3);
  }

  static isTally(value: object): boolean {
    return #counts in value;
  }

  toString(): string {
    return `${this.#label}: ${this.#top().map(([k, n]) => `${k}×${n}`).join(", ")} (${this.total})`;
  }
}

const tally = new Tally("votes");

export default defineModule({
  name: "Tally",
  commands: {
    vote: {
      security: EVERYONE,
      usage: "<option>",
      async run(ctx) {
        const option = ctx.argv[0]?.toLowerCase();
        if (!option) {
          await ctx.respond(`${tally} — ${Tally.created} tally, ${Tally.isTally(tally)}`);
          return;
        }
        tally.label = "votes";
        await ctx.respond(`${option}: ${tally.add(option)}`);
      },
    },
  },
});
