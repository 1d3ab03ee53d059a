let seq = 0;
/** A short id, unique within this process. */
export const uid = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;

/**
 * What the fake homeserver's side of the appservice API needs: room events and the pushes that
 * carry them to a bot, signed with its `hs_token`.
 * @param {{ hsToken: string, room: string }} o
 */
export function appservice({ hsToken, room }) {
  const headers = { authorization: `Bearer ${hsToken}`, "content-type": "application/json" };
  return {
    headers,
    /** @param {string} body @param {string} sender */
    event: (body, sender) => ({
      type: "m.room.message",
      event_id: `$${uid()}:bench.local`,
      room_id: room,
      sender,
      origin_server_ts: Date.now(),
      content: { msgtype: "m.text", body },
    }),
    /** @param {string} url @param {unknown[]} events */
    push: (url, events) =>
      fetch(`${url}/_matrix/app/v1/transactions/${uid()}`, {
        method: "PUT",
        headers,
        body: JSON.stringify({ events }),
      }),
  };
}
