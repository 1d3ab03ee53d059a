import { defineModule, EVERYONE } from "mxuserbot";

type Poll = { question: string; options: string[]; votes: Record<string, string> };

const open = new Map<string, Poll>();
const voters = new Set<string>();

export default defineModule({
  name: "Poll",
  commands: {
    poll: {
      security: EVERYONE,
      usage: '"question" "option" "option" ...',
      async run(ctx) {
        const [question, ...options] = ctx.argv;
        if (!question || options.length < 2) return void (await ctx.respond("need a question and two options"));
        open.set(ctx.roomId, { question, options, votes: {} });
        await ctx.respond([question, ...options.map((o, i) => `${i + 1}. ${o}`)].join("\n"));
      },
    },
    vote: {
      security: EVERYONE,
      async run(ctx) {
        const poll = open.get(ctx.roomId);
        const choice = poll?.options[Number(ctx.argv[0]) - 1];
        if (!poll || !choice) return void (await ctx.respond("no such poll or option"));
        poll.votes = { ...poll.votes, [ctx.sender]: choice };
        voters.add(ctx.sender);
        await ctx.react("✅");
      },
    },
    results: {
      security: EVERYONE,
      async run(ctx) {
        const poll = open.get(ctx.roomId);
        if (!poll) return void (await ctx.respond("no poll here"));
        const tally = Object.fromEntries(poll.options.map((o) => [o, 0]));
        for (const choice of Object.values(poll.votes)) tally[choice] = (tally[choice] ?? 0) + 1;
        const lines = Object.entries(tally).map(([o, n]) => `${o}: ${n}`);
        await ctx.respond(`${poll.question}\n${lines.join("\n")}\n(${voters.size} voters so far)`);
      },
    },
  },
});
