import type {
  FaultSpec,
  JsonObject,
  MatrixEvent,
  Member,
  Profile,
  RecordedRequest,
  SentEvent,
  TenantInfo,
} from "./types.js";

export type StreamEntry =
  | { kind: "event"; event: MatrixEvent }
  | { kind: "patch"; patch: JsonObject };

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
  private readonly faults: QueuedFault[] = [];
  private readonly events = new Map<string, MatrixEvent>();
  private readonly txns = new Map<string, string>();
  private readonly waiters = new Set<() => void>();
  private eventCount = 0;

  constructor(readonly info: TenantInfo) {}

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

  /** Event id previously stored under this transaction key, if any. */
  txnEventId(key: string): string | undefined {
    return this.txns.get(key);
  }

  /** Stores an event sent through the client-server API and echoes it into the timeline. */
  storeSent(txnKey: string, txnId: string, event: MatrixEvent): void {
    this.txns.set(txnKey, event.event_id);
    this.sent.push({
      event_id: event.event_id,
      room_id: event.room_id,
      type: event.type,
      sender: event.sender,
      content: structuredClone(event.content),
      txn_id: txnId,
    });
    if (event.type === "m.room.redaction" && event.redacts) this.redact(event.redacts, event);
    this.append({ kind: "event", event });
  }

  appendEvent(event: MatrixEvent): void {
    this.append({ kind: "event", event });
  }

  queuePatch(patch: JsonObject): void {
    this.append({ kind: "patch", patch });
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
    if (entry.kind === "event") this.events.set(entry.event.event_id, entry.event);
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
