import { defineModule, EVERYONE } from "mxuserbot";

const hex = (bytes: ArrayBuffer | Uint8Array) =>
  [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");

export default defineModule({
  name: "Ids",
  description: "Random ids and SHA-256 digests, with the Web Crypto API",
  commands: {
    uuid: {
      security: EVERYONE,
      async run(ctx) {
        await ctx.respond(crypto.randomUUID());
      },
    },
    token: {
      security: EVERYONE,
      usage: "[bytes]",
      async run(ctx) {
        const size = Math.min(Math.max(Number(ctx.args) || 16, 1), 64);
        await ctx.respond(hex(crypto.getRandomValues(new Uint8Array(size))));
      },
    },
    sha256: {
      security: EVERYONE,
      usage: "<text>",
      async run(ctx) {
        const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(ctx.args));
        await ctx.respond(hex(digest));
      },
    },
  },
});
