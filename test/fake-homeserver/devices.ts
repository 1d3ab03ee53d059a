import { randomBytes } from "node:crypto";
import type { DeviceSummary, Json, JsonObject, ToDeviceEvent } from "./types.js";

/** The signed_curve25519 count is always reported, as Synapse does. */
const ALWAYS_COUNTED = "signed_curve25519";

interface FallbackKey {
  /** Full key id, e.g. "signed_curve25519:AAAAGj". */
  keyId: string;
  key: Json;
  used: boolean;
}

/** A device's server-side state: keys, and the to-device inbox. */
export class Device {
  displayName: string | null = null;
  deviceKeys: JsonObject | null = null;
  /** Set by the first /keys/upload; from then on /sync reports key counts. */
  keysUploaded = false;
  /** Unclaimed one-time keys by full key id, oldest first. */
  readonly oneTimeKeys = new Map<string, Json>();
  /** One fallback key per algorithm. */
  readonly fallbackKeys = new Map<string, FallbackKey>();
  /** To-device events with the stream position they were queued at. */
  inbox: { position: number; event: ToDeviceEvent }[] = [];

  constructor(
    readonly userId: string,
    readonly deviceId: string,
  ) {}

  oneTimeKeyCounts(): Record<string, number> {
    const counts: Record<string, number> = { [ALWAYS_COUNTED]: 0 };
    for (const keyId of this.oneTimeKeys.keys()) {
      const algorithm = algorithmOf(keyId);
      counts[algorithm] = (counts[algorithm] ?? 0) + 1;
    }
    return counts;
  }

  unusedFallbackKeyTypes(): string[] {
    return [...this.fallbackKeys].filter(([, k]) => !k.used).map(([algorithm]) => algorithm);
  }

  /** Pops the oldest one-time key of `algorithm`, else returns (and marks used) the fallback key. */
  claim(algorithm: string): { keyId: string; key: Json } | undefined {
    for (const [keyId, key] of this.oneTimeKeys) {
      if (algorithmOf(keyId) !== algorithm) continue;
      this.oneTimeKeys.delete(keyId);
      return { keyId, key };
    }
    const fallback = this.fallbackKeys.get(algorithm);
    if (!fallback) return undefined;
    fallback.used = true;
    return { keyId: fallback.keyId, key: structuredClone(fallback.key) };
  }

  /** Drops the to-device events a sync with `since` acknowledges (queued at or before it). */
  acknowledge(since: number): void {
    this.inbox = this.inbox.filter((m) => m.position > since);
  }

  summary(): DeviceSummary {
    return {
      userId: this.userId,
      deviceId: this.deviceId,
      displayName: this.displayName,
      deviceKeys: this.deviceKeys ? structuredClone(this.deviceKeys) : null,
      oneTimeKeyCounts: this.oneTimeKeyCounts(),
      unusedFallbackKeyTypes: this.unusedFallbackKeyTypes(),
      pendingToDevice: this.inbox.map((m) => structuredClone(m.event)),
    };
  }
}

/** "signed_curve25519:AAAAHQ" → "signed_curve25519". */
export function algorithmOf(keyId: string): string {
  const colon = keyId.indexOf(":");
  return colon < 0 ? keyId : keyId.slice(0, colon);
}

/** A device id the way Synapse makes them: 10 capital letters. */
export function newDeviceId(): string {
  const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  return [...randomBytes(10)].map((b) => letters[b % 26]).join("");
}

/** Cross-signing keys of one user, as uploaded with /keys/device_signing/upload. */
export interface CrossSigningKeys {
  master?: JsonObject;
  selfSigning?: JsonObject;
  userSigning?: JsonObject;
}

/** The devices of a tenant's users, and the access tokens that act as them. */
export class DeviceStore {
  private readonly byUser = new Map<string, Map<string, Device>>();
  private readonly tokens = new Map<string, Device>();
  readonly crossSigning = new Map<string, CrossSigningKeys>();

  get(userId: string, deviceId: string): Device | undefined {
    return this.byUser.get(userId)?.get(deviceId);
  }

  ofUser(userId: string): Device[] {
    return [...(this.byUser.get(userId)?.values() ?? [])];
  }

  all(): Device[] {
    return [...this.byUser.values()].flatMap((devices) => [...devices.values()]);
  }

  byToken(token: string): Device | undefined {
    return this.tokens.get(token);
  }

  hasToken(token: string): boolean {
    return this.tokens.has(token);
  }

  /** The device, created when new; `token`, when given, then authenticates as it. */
  ensure(userId: string, deviceId: string, token?: string): { device: Device; created: boolean } {
    let devices = this.byUser.get(userId);
    if (!devices) {
      devices = new Map();
      this.byUser.set(userId, devices);
    }
    let device = devices.get(deviceId);
    const created = device === undefined;
    if (!device) {
      device = new Device(userId, deviceId);
      devices.set(deviceId, device);
    }
    if (token !== undefined) this.tokens.set(token, device);
    return { device, created };
  }
}
