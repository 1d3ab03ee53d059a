import { type CommandContext, type CronContext, defineModule, EVERYONE, OWNER } from "mxuserbot";

/** Helpers that take ctx, destructure it and keep parts of it: all through members it has. */
async function greet({ sender, respond }: CommandContext, greeting: string): Promise<void> {
  await respond(`${greeting}, ${sender}!`);
}

async function remember(ctx: CommandContext | CronContext, key: string, value: unknown) {
  const { db, log } = ctx;
  await db.set(key, value);
  log.info(`remembered ${key}`);
}

export default defineModule({
  name: "Helpers",
  config: { greeting: { default: "Hello", description: "How to greet" } },
  commands: {
    hello: {
      security: EVERYONE,
      async run(ctx) {
        const greeting = ctx.config.get<string>("greeting") ?? "Hello";
        await greet(ctx, greeting);
        await remember(ctx, `last:${ctx.sender}`, Date.now());
      },
    },
    whoami: {
      security: OWNER,
      async run(ctx) {
        const { matrix, security } = ctx;
        const me = await matrix.whoami();
        const send = ctx.respond.bind(ctx);
        await send(`${me}; owner: ${await security.isOwner(ctx.sender)}`);
      },
    },
  },
  cron: [
    {
      schedule: "0 * * * *",
      async run(ctx) {
        await remember(ctx, "tick", ctx.scheduledTime);
      },
    },
  ],
});
