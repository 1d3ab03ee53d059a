import { defineModule, EVERYONE } from "mxuserbot";

/** Greets people who join a room; the message and the rooms are settings (`.cfg Greeter`). */
export default defineModule({
  name: "Greeter",
  version: "1.0.0",
  description: "Welcome people who join",
  config: {
    message: {
      default: "Welcome, {name}!",
      description: "The greeting; {name} is the newcomer's display name",
      validate: (v) =>
        (typeof v === "string" && v.length > 0 && v.length <= 500) ||
        "must be text up to 500 characters",
    },
    rooms: {
      required: true,
      description: 'Room IDs to greet in, as JSON: ["!abc:server"]',
      validate: (v) =>
        (Array.isArray(v) && v.every((r) => typeof r === "string" && r.startsWith("!"))) ||
        'must be a JSON list of room IDs like ["!abc:server"]',
    },
  },
  on: {
    "m.room.member": {
      // Joins come from people who are not sudos yet, so the handler opens itself to everyone.
      security: EVERYONE,
      async run(ctx) {
        const content = ctx.event.content as { membership?: string; displayname?: string };
        const before = ctx.event.unsigned?.prev_content as { membership?: string } | undefined;
        const rooms = ctx.config.get<string[]>("rooms") ?? [];
        if (content.membership !== "join" || before?.membership === "join") return; // a profile change
        if (!rooms.includes(ctx.roomId) || ctx.event.state_key !== ctx.sender) return;
        const name = content.displayname ?? ctx.sender;
        const template = ctx.config.get<string>("message") ?? "Welcome, {name}!";
        await ctx.send(template.replaceAll("{name}", name));
      },
    },
  },
});
