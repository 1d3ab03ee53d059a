import { sha256Hex } from "../hash";
import type { Registry } from "../modules/registry";

/** Only what the bot acts on: room messages, member events (to see its own joins), module types. */
export function syncFilter(registry: Registry, encrypted = false): Record<string, unknown> {
  const types = new Set(["m.room.message", "m.room.member"]);
  if (encrypted) types.add("m.room.encrypted");
  for (const module of registry.modules)
    for (const handler of module.manifest.on) types.add(handler.type);
  return {
    presence: { types: [] },
    account_data: { types: [] },
    room: {
      timeline: { limit: 50, types: [...types].sort() },
      state: { types: [], lazy_load_members: true },
      ephemeral: { types: [] },
      account_data: { types: [] },
    },
  };
}

/** The first sync only learns the position: history is never replayed. */
export const POSITION_ONLY_FILTER = JSON.stringify({
  presence: { types: [] },
  account_data: { types: [] },
  room: {
    timeline: { limit: 1, types: [] },
    state: { types: [] },
    ephemeral: { types: [] },
    account_data: { types: [] },
  },
});

export function hashOf(value: unknown): Promise<string> {
  return sha256Hex(JSON.stringify(value), 12);
}
