import type {
  KeysClaimRequest,
  OlmMachine,
  ToDeviceRequest,
} from "@matrix-org/matrix-sdk-crypto-wasm";
import type { HomeserverApi } from "./homeserver-api";
import { loadCrypto } from "./wasm";

type Outgoing =
  | Awaited<ReturnType<OlmMachine["outgoingRequests"]>>[number]
  | KeysClaimRequest
  | ToDeviceRequest;

/**
 * Sends what the machine asks for (or the given requests) to the homeserver and tells the
 * machine each answer, until it has nothing more to send.
 */
export async function sendOutgoing(
  machine: OlmMachine,
  api: HomeserverApi,
  given?: readonly Outgoing[],
): Promise<void> {
  const { RequestType } = loadCrypto();
  for (let round = 0; round < 5; round++) {
    const requests = given ?? (await machine.outgoingRequests());
    if (requests.length === 0) return;
    for (const request of requests) {
      const path = pathOf(request, RequestType);
      if (!path) continue;
      const response = await api.call<unknown>(path.method, path.path, request.body ?? "{}");
      // Requests without an id (signature uploads) need no answer back.
      if (request.id !== undefined)
        await machine.markRequestAsSent(request.id, request.type, JSON.stringify(response));
    }
    if (given) return;
  }
}

function pathOf(
  request: Outgoing,
  types: ReturnType<typeof loadCrypto>["RequestType"],
): { method: string; path: string } | null {
  const enc = encodeURIComponent;
  switch (request.type) {
    case types.KeysUpload:
      return { method: "POST", path: "/keys/upload" };
    case types.KeysQuery:
      return { method: "POST", path: "/keys/query" };
    case types.KeysClaim:
      return { method: "POST", path: "/keys/claim" };
    case types.SignatureUpload:
      return { method: "POST", path: "/keys/signatures/upload" };
    case types.ToDevice: {
      const r = request as ToDeviceRequest;
      return { method: "PUT", path: `/sendToDevice/${enc(r.event_type)}/${enc(r.txn_id)}` };
    }
    case types.RoomMessage: {
      const r = request as unknown as { room_id: string; event_type: string; txn_id: string };
      return {
        method: "PUT",
        path: `/rooms/${enc(r.room_id)}/send/${enc(r.event_type)}/${enc(r.txn_id)}`,
      };
    }
    default:
      // Key backups are not used: the bot's keys live in its own store.
      return null;
  }
}
