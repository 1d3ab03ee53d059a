import { defineModule, EVERYONE } from "mxuserbot";

const transforms: Record<string, (s: string) => string> = {
  upper: (s) => s.toUpperCase(),
  lower: (s) => s.toLowerCase(),
  reverse: (s) => [...s].reverse().join(""),
  title: (s) => s.replace(/\b\p{L}/gu, (c) => c.toUpperCase()),
  slug: (s) =>
    s
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, ""),
  mock: (s) => s.replace(/./g, (c, i: number) => (i % 2 ? c.toUpperCase() : c.toLowerCase())),
};

export default defineModule({
  name: "TextTools",
  commands: {
    text: {
      security: EVERYONE,
      usage: `<${Object.keys(transforms).join("|")}> <text>`,
      async run(ctx) {
        const [mode = "", ...rest] = ctx.argv;
        const transform = transforms[mode];
        if (!transform) return void (await ctx.respond(`modes: ${Object.keys(transforms).join(", ")}`));
        await ctx.respond(transform(rest.join(" ")));
      },
    },
    sum: {
      security: EVERYONE,
      async run(ctx) {
        const numbers = ctx.args.split(/[\s,]+/).filter(Boolean).map(Number).filter((n) => !Number.isNaN(n));
        const sorted = numbers.toSorted((a, b) => a - b);
        await ctx.respond(`sum ${numbers.reduce((a, b) => a + b, 0)}, median ${sorted[sorted.length >> 1] ?? "-"}`);
      },
    },
    count: {
      security: EVERYONE,
      async run(ctx) {
        const vowels = ctx.args.match(/[aeiou]/gi)?.length ?? 0;
        await ctx.respond(`${ctx.args.length} characters, ${vowels} vowels`);
      },
    },
  },
});
