import { defineModule, EVERYONE } from "mxuserbot";

type Inventory = Record<string, number>;

const prices: Inventory = { apple: 3, pear: 4, plum: 1 };
const shelves: string[][] = [["apple", "pear"], ["plum"]];

export default defineModule({
  name: "Shop",
  commands: {
    price: {
      security: EVERYONE,
      usage: "<item> [shelf]",
      async run(ctx) {
        const item = (ctx.argv[0] ?? "").toLowerCase();
        const shelf = Number(ctx.argv[1] ?? 0);
        const stock: Inventory = (await ctx.db.get<Inventory>("stock")) ?? {};
        stock[item] = (stock[item] ?? 0) + 1;
        await ctx.db.set("stock", stock);
        const row = shelves[shelf] ?? [];
        const cheapest = Object.keys(prices).sort((a, b) => (prices[a] ?? 0) - (prices[b] ?? 0))[0];
        await ctx.respond(
          `${item}: ${prices[item] ?? "?"} (seen ${stock[item]}×; shelf ${shelf}: ${row.join(", ")}; cheapest ${cheapest})`,
        );
      },
    },
  },
});
