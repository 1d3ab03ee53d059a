import { defineModule, SUDO, UsageError } from "mxuserbot";

interface Note {
  text: string;
  by: string;
  at: number;
}

/** Keeps notes in the module's own storage (`ctx.db`). */
export default defineModule({
  name: "Notes",
  version: "1.0.0",
  description: "Save and recall notes",
  config: {
    maxNotes: {
      default: 50,
      description: "How many notes to keep",
      validate: (v) =>
        (typeof v === "number" && Number.isInteger(v) && v > 0) ||
        "must be a positive whole number",
    },
  },
  commands: {
    note: {
      security: SUDO,
      aliases: ["n"],
      usage: "<name> <text>",
      description: "Save a note",
      async run(ctx) {
        const [name, ...words] = ctx.argv;
        if (!name || words.length === 0) throw new UsageError("give a name and the text");
        const existing = await ctx.db.keys("note:");
        const max = ctx.config.get<number>("maxNotes") ?? 50;
        if (!existing.includes(`note:${name}`) && existing.length >= max) {
          throw new UsageError(`there are already ${max} notes; delete one first`);
        }
        const note: Note = { text: words.join(" "), by: ctx.sender, at: Date.now() };
        await ctx.db.set(`note:${name}`, note);
        await ctx.respond(`📝 | Saved note ${name}.`);
      },
    },
    getnote: {
      security: SUDO,
      aliases: ["gn"],
      usage: "<name>",
      description: "Show a note",
      async run(ctx) {
        const name = ctx.argv[0];
        if (!name) throw new UsageError("which note?");
        const note = await ctx.db.get<Note>(`note:${name}`);
        await ctx.respond(
          note ? `📝 | ${name}: ${note.text}` : `📝 | There is no note named ${name}.`,
        );
      },
    },
    notes: {
      security: SUDO,
      description: "List the notes",
      async run(ctx) {
        const names = (await ctx.db.keys("note:")).map((k) => k.slice("note:".length));
        await ctx.respond(
          names.length > 0 ? `📝 | Notes: ${names.join(", ")}` : "📝 | No notes yet.",
        );
      },
    },
    delnote: {
      security: SUDO,
      usage: "<name>",
      description: "Delete a note",
      async run(ctx) {
        const name = ctx.argv[0];
        if (!name) throw new UsageError("which note?");
        const deleted = await ctx.db.delete(`note:${name}`);
        await ctx.respond(
          deleted ? `📝 | Deleted note ${name}.` : `📝 | There is no note named ${name}.`,
        );
      },
    },
  },
});
