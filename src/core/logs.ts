import type { LogLevel } from "../log";
import { linesMessage, toPostable } from "../logroom/format";
import { type LineRow, selectRecent } from "../logroom/statements";
import type { CoreCommandSpec } from "../modules/registry";
import { OWNER } from "../sdk/levels";
import { UsageError } from "../sdk/usage-error";

const DEFAULT_COUNT = 20;
const MAX_COUNT = 100;
/** Each level with those above it. */
const AT_LEAST: Record<LogLevel, LogLevel[]> = {
  info: ["info", "warn", "error"],
  warn: ["warn", "error"],
  error: ["error"],
};

export const logs: CoreCommandSpec = {
  security: OWNER,
  usage: "[n] [error|warn|info]",
  description: `Show the most recent log lines (${DEFAULT_COUNT}, at most ${MAX_COUNT}), only those of a level and above if you name one`,
  async run(ctx, core) {
    let count = DEFAULT_COUNT;
    let level: LogLevel = "info";
    for (const arg of ctx.argv) {
      const word = arg.toLowerCase();
      if (/^\d+$/.test(word)) count = Math.min(MAX_COUNT, Math.max(1, Number(word)));
      else if (word in AT_LEAST) level = word as LogLevel;
      else throw new UsageError(`${arg} is neither a number of lines nor error, warn or info`);
    }
    const { results } = await selectRecent(core.rt.d1, count, AT_LEAST[level]).all<LineRow>();
    const which = level === "info" ? "" : ` (${level} and above)`;
    if (results.length === 0) return void (await ctx.respond(`📋 | No log lines${which} kept`));
    const lines = results.map(toPostable).reverse();
    await ctx.respond(linesMessage(`📋 | The last ${lines.length} log line(s)${which}:`, lines));
  },
};
