import { defineModule, EVERYONE } from "mxuserbot";

const seen = new Set<string>();
const firstSeen = new Map<string, number>();
const notes = new WeakMap<object, string>();
const marked = new WeakSet<object>();

const plural = new Intl.PluralRules("en-US");
const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
const collator = new Intl.Collator("de", { sensitivity: "base" });
const dates = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });
const list = new Intl.ListFormat("en", { style: "long", type: "conjunction" });

export default defineModule({
  name: "Collections",
  commands: {
    seen: {
      security: EVERYONE,
      async run(ctx) {
        const key = { sender: ctx.sender };
        notes.set(key, ctx.args);
        marked.add(key);
        for (const word of ctx.argv) {
          if (!seen.has(word)) firstSeen.set(word, Date.now());
          seen.add(word);
        }
        const words = [...seen].sort(collator.compare);
        const count = seen.size;
        const ago = relative.format(-Math.round((Date.now() - (firstSeen.get(words[0] ?? "") ?? Date.now())) / 60_000), "minute");
        await ctx.respond(
          `${count} ${plural.select(count) === "one" ? "word" : "words"} since ${dates.format(new Date())} (${ago}): ${list.format(words.slice(0, 5))}; ${marked.has(key) ? notes.get(key) : ""}`,
        );
      },
    },
  },
});
