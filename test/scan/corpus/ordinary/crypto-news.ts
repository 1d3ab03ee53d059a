import { defineModule, EVERYONE } from "mxuserbot";

// Crypto here is the currencies: headlines from a news API whose paths say "crypto".
const FEED = "https://news.example.com/v2/crypto/headlines?lang=en";

interface Headline {
  title: string;
  url: string;
}

export default defineModule({
  name: "CryptoNews",
  description: "The latest crypto headlines",
  network: ["news.example.com"],
  commands: {
    news: {
      security: EVERYONE,
      description: "Latest crypto news",
      async run(ctx) {
        const response = await ctx.http.fetch(FEED);
        if (!response.ok) {
          await ctx.respond(`The crypto news feed answered ${response.status}.`);
          return;
        }
        const items = (await response.json()) as Headline[];
        const lines = items.slice(0, 5).map((h) => `• ${h.title} — ${h.url}`);
        await ctx.respond(lines.length ? lines.join("\n") : "No crypto news right now.");
      },
    },
  },
});
