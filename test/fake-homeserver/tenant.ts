import { createHash } from "node:crypto";
import { DeviceStore } from "./devices.js";
import type {
  FaultSpec,
  JsonObject,
  MatrixEvent,
  Member,
  Profile,
  RecordedRequest,
  SentEvent,
  TenantInfo,
  ToDeviceEvent,
} from "./types.js";

/**
 * The tenant's single ordered stream; a sync token "sN" is a position in it. Besides room events
 * and queued patches it carries markers for device-list changes and for queued to-device events,
 * so that both wake long-polling syncs and have a position.
 */
export type StreamEntry =
  | { kind: "event"; event: MatrixEvent }
  | { kind: "patch"; patch: JsonObject }
  | { kind: "device-list"; userId: string }
  | { kind: "to-device"; userId: string; deviceId: string };

const JOINED = "join";
const stateKeyOf = (type: string, stateKey: string) => `${type}\u0000${stateKey}`;

interface QueuedFault extends FaultSpec {
  remaining: number;
}

// Content keys that survive redaction (Matrix redaction algorithm, room v11, common types only).
const KEPT_ON_REDACTION: Record<string, string[]> = {
  "m.room.member": ["membership"],
  "m.room.create": ["creator"],
  "m.room.join_rules": ["join_rule"],
  "m.room.history_visibility": ["history_visibility"],
  "m.room.power_levels": [
    "ban",
    "events",
    "events_default",
    "invite",
    "kick",
    "redact",
    "state_default",
    "users",
    "users_default",
  ],
};

export class Tenant {
  readonly requests: RecordedRequest[] = [];
  readonly sent: SentEvent[] = [];
  readonly profiles = new Map<string, Profile>();
  readonly members = new Map<string, Record<string, Member>>();
  readonly filters = new Map<string, { userId: string; filter: JsonObject }>();
  /** Position n is the n-th entry; "s0" is the empty stream. */
  readonly stream: StreamEntry[] = [];
  readonly devices = new DeviceStore();
  private readonly faults: QueuedFault[] = [];
  private readonly events = new Map<string, MatrixEvent>();
  private readonly txns = new Map<string, string>();
  private readonly toDeviceTxns = new Set<string>();
  /** Event id → "user\ndevice" that sent it with a transaction id. */
  private readonly txnSenders = new Map<string, string>();
  /** Current state per room: state key "type\0stateKey" → latest state event. */
  private readonly roomState = new Map<string, Map<string, MatrixEvent>>();
  private readonly waiters = new Set<() => void>();
  private eventCount = 0;

  constructor(readonly info: TenantInfo) {
    this.devices.ensure(info.userId, info.deviceId, info.token);
  }

  get position(): number {
    return this.stream.length;
  }

  addFault(spec: FaultSpec): void {
    this.faults.push({ ...spec, remaining: spec.times ?? 1 });
  }

  takeFault(method: string, path: string): FaultSpec | undefined {
    const index = this.faults.findIndex(
      (f) =>
        (f.method === undefined || f.method.toUpperCase() === method) &&
        (f.pathIncludes === undefined || path.includes(f.pathIncludes)),
    );
    const fault = this.faults[index];
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults.splice(index, 1);
    return fault;
  }

  /** Unique across tenants too, as event IDs are on a real server: tests share one D1. */
  newEventId(): string {
    this.eventCount += 1;
    return `$fake${this.eventCount}-${this.info.id}:test.local`;
  }

  hasEvent(eventId: string): boolean {
    return this.events.has(eventId);
  }

  getEvent(eventId: string): MatrixEvent | undefined {
    return this.events.get(eventId);
  }

  /** The event as `userId` on `deviceId` sees it: transaction_id only for the sending device. */
  viewedBy(event: MatrixEvent, userId: string, deviceId: string | null): MatrixEvent {
    const txnId = event.unsigned?.transaction_id;
    if (txnId === undefined) return event;
    if (this.txnSenders.get(event.event_id) === `${userId}\n${deviceId ?? ""}`) return event;
    const { transaction_id: _hidden, ...unsigned } = event.unsigned ?? {};
    return { ...event, unsigned };
  }

  /** Event id previously stored under this transaction key, if any. */
  txnEventId(key: string): string | undefined {
    return this.txns.get(key);
  }

  /**
   * Stores an event sent through the client-server API and echoes it into the timeline. `txn` is
   * its transaction (none for state events): `key` makes retries idempotent, and the event's
   * unsigned.transaction_id is shown to the sending device only.
   */
  storeSent(event: MatrixEvent, txn?: { key: string; id: string; device: string | null }): void {
    if (txn) {
      this.txns.set(txn.key, event.event_id);
      this.txnSenders.set(event.event_id, `${event.sender}\n${txn.device ?? ""}`);
    }
    const sent: SentEvent = {
      event_id: event.event_id,
      room_id: event.room_id,
      type: event.type,
      sender: event.sender,
      content: structuredClone(event.content),
      txn_id: txn?.id ?? "",
    };
    if (event.state_key !== undefined) sent.state_key = event.state_key;
    this.sent.push(sent);
    if (event.type === "m.room.redaction" && event.redacts) this.redact(event.redacts, event);
    this.append({ kind: "event", event });
  }

  appendEvent(event: MatrixEvent): void {
    this.append({ kind: "event", event });
  }

  queuePatch(patch: JsonObject): void {
    this.append({ kind: "patch", patch });
  }

  /** Announces that `userId`'s device or cross-signing keys changed (device_lists.changed). */
  deviceListChanged(userId: string): void {
    this.append({ kind: "device-list", userId });
  }

  /**
   * Queues each to-device event for its target device (unknown devices are skipped); false when
   * `txnKey` was used before (the retry of a send that already went out).
   */
  queueToDevice(
    txnKey: string,
    messages: { userId: string; deviceId: string; event: ToDeviceEvent }[],
  ): boolean {
    if (this.toDeviceTxns.has(txnKey)) return false;
    this.toDeviceTxns.add(txnKey);
    for (const { userId, deviceId, event } of messages) {
      const device = this.devices.get(userId, deviceId);
      if (!device) continue;
      device.inbox.push({ position: this.position + 1, event: structuredClone(event) });
      this.append({ kind: "to-device", userId, deviceId });
    }
    return true;
  }

  /** The current state event of a room, if any. */
  stateEvent(roomId: string, type: string, stateKey: string): MatrixEvent | undefined {
    return this.roomState.get(roomId)?.get(stateKeyOf(type, stateKey));
  }

  /** The room's current state events. */
  roomStateEvents(roomId: string): MatrixEvent[] {
    return [...(this.roomState.get(roomId)?.values() ?? [])];
  }

  /**
   * The room's m.room.member events: its membership state events, plus a synthesized join event
   * for each user set with the members control route who has no join event (the route wins).
   */
  memberEvents(roomId: string): MatrixEvent[] {
    const byUser = new Map<string, MatrixEvent>();
    for (const event of this.roomStateEvents(roomId)) {
      if (event.type === "m.room.member" && event.state_key !== undefined) {
        byUser.set(event.state_key, event);
      }
    }
    for (const [userId, member] of Object.entries(this.members.get(roomId) ?? {})) {
      const current = byUser.get(userId);
      if (current?.content.membership === JOINED) continue;
      const content: JsonObject = { membership: JOINED };
      if (typeof member.display_name === "string") content.displayname = member.display_name;
      if (typeof member.avatar_url === "string") content.avatar_url = member.avatar_url;
      const digest = createHash("sha256").update(`${roomId}\n${userId}`).digest("hex");
      byUser.set(userId, {
        event_id: `$member${digest.slice(0, 16)}-${this.info.id}:test.local`,
        room_id: roomId,
        type: "m.room.member",
        sender: userId,
        state_key: userId,
        origin_server_ts: 0,
        content,
        unsigned: {},
      });
    }
    return [...byUser.values()];
  }

  /**
   * Joined members with their profile: the members control route's entries as given, plus users
   * whose m.room.member state is "join".
   */
  joinedMembers(roomId: string): Record<string, Member> {
    const joined: Record<string, Member> = {};
    for (const event of this.roomStateEvents(roomId)) {
      if (event.type !== "m.room.member" || event.state_key === undefined) continue;
      if (event.content.membership !== JOINED) continue;
      const { displayname, avatar_url } = event.content;
      joined[event.state_key] = {
        display_name: typeof displayname === "string" ? displayname : null,
        avatar_url: typeof avatar_url === "string" ? avatar_url : null,
      };
    }
    return { ...joined, ...this.members.get(roomId) };
  }

  isJoined(roomId: string, userId: string): boolean {
    return Object.hasOwn(this.joinedMembers(roomId), userId);
  }

  /** Rooms the user is joined to now. */
  joinedRooms(userId: string): string[] {
    const rooms = new Set([...this.roomState.keys(), ...this.members.keys()]);
    return [...rooms].filter((roomId) => this.isJoined(roomId, userId));
  }

  /** True for the same user, or when both are joined to a common room now. */
  sharesRoom(a: string, b: string): boolean {
    return a === b || this.joinedRooms(a).some((roomId) => this.isJoined(roomId, b));
  }

  /** Resolves at the next append, or when `signal` aborts. */
  nextAppend(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const done = () => {
        this.waiters.delete(done);
        signal.removeEventListener("abort", done);
        resolve();
      };
      this.waiters.add(done);
      signal.addEventListener("abort", done);
    });
  }

  private append(entry: StreamEntry): void {
    if (entry.kind === "event") {
      const { event } = entry;
      this.events.set(event.event_id, event);
      if (event.state_key !== undefined) {
        const state = this.roomState.get(event.room_id) ?? new Map<string, MatrixEvent>();
        state.set(stateKeyOf(event.type, event.state_key), event);
        this.roomState.set(event.room_id, state);
      }
    }
    this.stream.push(entry);
    for (const wake of [...this.waiters]) wake();
  }

  private redact(targetId: string, redaction: MatrixEvent): void {
    const target = this.events.get(targetId);
    if (!target) return;
    const kept = KEPT_ON_REDACTION[target.type] ?? [];
    const content: JsonObject = {};
    for (const key of kept) {
      const value = target.content[key];
      if (value !== undefined) content[key] = value;
    }
    target.content = content;
    target.unsigned = {
      ...target.unsigned,
      redacted_because: structuredClone(redaction) as unknown as JsonObject,
    };
  }
}
