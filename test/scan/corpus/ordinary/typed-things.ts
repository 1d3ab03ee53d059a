import { type CommandContext, defineModule, EVERYONE, type SecurityLevel } from "mxuserbot";

enum Mood {
  Happy = "happy",
  Sad = "sad",
}

const enum Limits {
  MaxLength = 280,
}

namespace Text {
  export const clip = (s: string, n: number = Limits.MaxLength): string =>
    s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

abstract class Responder<T> {
  protected abstract render(value: T): string;
  async send(ctx: CommandContext, value: T): Promise<void> {
    await ctx.respond(Text.clip(this.render(value)));
  }
}

class MoodResponder extends Responder<Mood> {
  protected override render(value: Mood): string {
    return value === Mood.Happy ? "😊" : "😢";
  }
}

const level: SecurityLevel = EVERYONE;
const responder = new MoodResponder();

export default defineModule({
  name: "Mood",
  commands: {
    mood: {
      security: level,
      async run(ctx) {
        const mood = (Object.values(Mood) as string[]).includes(ctx.args) ? (ctx.args as Mood) : Mood.Sad;
        await responder.send(ctx, mood);
      },
    },
  },
});
