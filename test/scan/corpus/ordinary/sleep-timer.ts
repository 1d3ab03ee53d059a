import { defineModule, OWNER } from "mxuserbot";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function tick(label: string) {
  return () => label;
}

export default defineModule({
  name: "Countdown",
  commands: {
    countdown: {
      security: OWNER,
      async run(ctx) {
        const from = Math.min(Number(ctx.argv[0] ?? 3), 5);
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), 10_000);
        setTimeout(tick("noop"), 0);
        for (let i = from; i > 0 && !controller.signal.aborted; i--) {
          await ctx.respond(String(i));
          await sleep(1_000);
        }
        clearTimeout(timer);
        queueMicrotask(() => ctx.log.info("countdown finished"));
        await ctx.respond("🚀");
      },
    },
  },
});
