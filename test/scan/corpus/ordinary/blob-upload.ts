import { defineModule, EVERYONE } from "mxuserbot";

export default defineModule({
  name: "Paste",
  description: "Puts text on a paste service and answers with its link",
  network: ["paste.example.org"],
  commands: {
    paste: {
      security: EVERYONE,
      usage: "<text>",
      async run(ctx) {
        const blob = new Blob([ctx.args], { type: "text/plain;charset=utf-8" });
        if (blob.size > 64 * 1024) {
          await ctx.respond("That is too long to paste.");
          return;
        }
        const response = await ctx.http.fetch("https://paste.example.org/api/documents", {
          method: "POST",
          body: blob,
        });
        const { key } = (await response.json()) as { key: string };
        await ctx.respond(`https://paste.example.org/${encodeURIComponent(key)} (${blob.size} bytes)`);
      },
    },
  },
});
