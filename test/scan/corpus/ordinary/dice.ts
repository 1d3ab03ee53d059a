import { defineModule, EVERYONE } from "mxuserbot";

const roll = (sides: number) => 1 + Math.floor(Math.random() * sides);

export default defineModule({
  name: "Dice",
  commands: {
    roll: {
      security: EVERYONE,
      aliases: ["r"],
      usage: "[NdM]",
      async run(ctx) {
        const { count = 1, sides = 6 } = parse(ctx.args.trim() || "1d6") ?? {};
        const rolls = Array.from({ length: Math.min(count, 100) }, () => roll(sides));
        const total = rolls.reduce((a, b) => a + b, 0);
        const shown = [...rolls.slice(0, 20), ...(rolls.length > 20 ? ["…"] : [])];
        await ctx.respond(`🎲 ${shown.join(" + ")} = ${total} (max ${Math.max(...rolls)})`);
      },
    },
  },
});

function parse(spec: string): { count: number; sides: number } | null {
  const m = spec.match(/^(\d*)d(\d+)$/i);
  return m ? { count: Number(m[1] || 1), sides: Number.parseInt(m[2] ?? "6", 10) } : null;
}
