import { defineModule, EVERYONE } from "mxuserbot";

/** Counts words in the text after the command. */
function countWords(text: string): Map<string, number> {
  const counts: Record<string, number> = {};
  for (const word of text.toLowerCase().split(/\s+/).filter(Boolean)) {
    counts[word] = (counts[word] ?? 0) + 1;
  }
  return new Map(Object.entries(counts));
}

export default defineModule({
  name: "WordCount",
  version: "1.0.0",
  description: "Counts the words you give it",
  commands: {
    words: {
      security: EVERYONE,
      usage: "<text>",
      description: "Count words",
      async run(ctx) {
        const counts = countWords(ctx.args);
        const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 5);
        const lines: string[] = [];
        for (let i = 0; i < top.length; i++) {
          const [word, n] = top[i] ?? ["", 0];
          lines.push(`${i + 1}. ${word} × ${n}`);
        }
        await ctx.respond(lines.join("\n") || "no words");
      },
    },
  },
});
