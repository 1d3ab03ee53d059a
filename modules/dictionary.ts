import { defineModule, EVERYONE, UsageError } from "mxuserbot";

interface Entry {
  word: string;
  meanings?: { partOfSpeech?: string; definitions?: { definition?: string }[] }[];
}

/** Looks words up on a public API: the only host it may reach is the one in `network`. */
export default defineModule({
  name: "Dictionary",
  version: "1.0.0",
  description: "English definitions from dictionaryapi.dev",
  network: ["api.dictionaryapi.dev"],
  commands: {
    define: {
      security: EVERYONE,
      aliases: ["def"],
      usage: "<word>",
      description: "Define an English word",
      async run(ctx) {
        const word = ctx.argv[0]?.toLowerCase();
        if (!word || !/^[a-z][a-z-]*$/.test(word)) throw new UsageError("give one English word");
        const res = await ctx.http.fetch(
          `https://api.dictionaryapi.dev/api/v2/entries/en/${encodeURIComponent(word)}`,
        );
        if (res.status === 404)
          return void (await ctx.respond(`📖 | No definition found for ${word}.`));
        if (!res.ok) throw new Error(`the dictionary answered ${res.status}`);
        const entries = (await res.json()) as Entry[];
        const lines = (entries[0]?.meanings ?? [])
          .slice(0, 3)
          .map((m) => `${m.partOfSpeech ?? "?"}: ${m.definitions?.[0]?.definition ?? "?"}`);
        await ctx.respond([`📖 | ${word}`, ...lines].join("\n"));
      },
    },
  },
});
