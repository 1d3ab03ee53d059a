// The peer in the benchmark: a .ping bot on matrix-appservice (matrix-org's Node appservice
// library), written as a competent user would write a small long-running bot: state in memory,
// answers sent with fetch, the same edit-or-reply rules and txnIds derived from the event.
// Settings come from the environment: HS_URL, AS_TOKEN, HS_TOKEN, OWNER, SUDOS, PORT.
import { createHash } from "node:crypto";
import { AppService } from "matrix-appservice";

const { HS_URL, AS_TOKEN, HS_TOKEN, OWNER, SUDOS = "", PORT = "9100" } = process.env;
if (!HS_URL || !AS_TOKEN || !HS_TOKEN || !OWNER)
  throw new Error("set HS_URL, AS_TOKEN, HS_TOKEN and OWNER");
const sudos = new Set(SUDOS.split(",").filter(Boolean));
const seen = new Set();

const appservice = new AppService({ homeserverToken: HS_TOKEN });
appservice.on("type:m.room.message", async (event) => {
  const { event_id: eventId, room_id: roomId, sender, content } = event;
  if (seen.has(eventId) || content?.["org.mxuserbot.sent"]) return;
  seen.add(eventId);
  if (typeof content?.body !== "string" || content.body.trim() !== ".ping") return;
  if (sender !== OWNER && !sudos.has(sender)) return;
  const ms = Math.max(0, Date.now() - Number(event.origin_server_ts ?? Date.now()));
  const text = { msgtype: "m.text", body: `🏓 | Pong! └ ${ms} ms`, "org.mxuserbot.sent": true };
  const answer =
    sender === OWNER
      ? {
          ...text,
          body: `* ${text.body}`,
          "m.new_content": text,
          "m.relates_to": { rel_type: "m.replace", event_id: eventId },
        }
      : { ...text, "m.relates_to": { "m.in_reply_to": { event_id: eventId } } };
  const txnId = createHash("sha256").update(eventId).digest("hex").slice(0, 32);
  const url = `${HS_URL}/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.message/${txnId}?user_id=${encodeURIComponent(OWNER)}`;
  const res = await fetch(url, {
    method: "PUT",
    headers: { authorization: `Bearer ${AS_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify(answer),
  });
  if (!res.ok) console.error(`send failed: ${res.status}`);
});
await appservice.listen(Number(PORT), "127.0.0.1", 511);
console.log(`peer listening on ${PORT}`);
