import { defineModule, EVERYONE } from "mxuserbot";

const COINS = ["bitcoin", "ethereum", "monero"] as const;
type Coin = (typeof COINS)[number];

const format = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });

export default defineModule({
  name: "CryptoPrices",
  description: "Shows crypto prices (the currencies, not cryptography)",
  network: ["api.coingecko.com"],
  commands: {
    prices: {
      security: EVERYONE,
      description: "Fetch current crypto prices",
      async run(ctx) {
        await ctx.respond("Fetching crypto prices…");
        const ids = encodeURIComponent(COINS.join(","));
        const response = await ctx.http.fetch(
          `https://api.coingecko.com/api/v3/simple/price?ids=${ids}&vs_currencies=usd`,
        );
        const data = (await response.json()) as Partial<Record<Coin, { usd: number }>>;
        const lines = COINS.map((coin) => `${coin}: ${format.format(data[coin]?.usd ?? Number.NaN)}`);
        await ctx.respond(`Crypto prices right now:\n${lines.join("\n")}`);
      },
    },
  },
});
