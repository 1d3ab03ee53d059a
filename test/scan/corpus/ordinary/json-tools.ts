import { defineModule, EVERYONE } from "mxuserbot";

function depth(value: unknown): number {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(depth));
  if (value !== null && typeof value === "object") return 1 + Math.max(0, ...Object.values(value).map(depth));
  return 0;
}

function pick(value: unknown, path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export default defineModule({
  name: "JsonTools",
  commands: {
    json: {
      security: EVERYONE,
      usage: "<json> [path.to.field]",
      async run(ctx) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(ctx.argv[0] ?? "");
        } catch (error) {
          return void (await ctx.respond(`not JSON: ${(error as Error).message}`));
        }
        const copy = structuredClone(parsed);
        const path = ctx.argv[1]?.split(".") ?? [];
        const picked = path.length ? pick(copy, path) : copy;
        await ctx.respond({
          body: JSON.stringify(picked, null, 2),
          html: `<pre>${JSON.stringify(picked, null, 2)}</pre><p>depth ${depth(copy)}</p>`,
        });
      },
    },
  },
});
