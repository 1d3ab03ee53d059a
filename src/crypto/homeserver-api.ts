/**
 * The few client-server calls the crypto device makes itself, with the account's access token
 * (the device's own token): key upload, query and claim, to-device sends, room state.
 */
export class HomeserverApi {
  constructor(
    private readonly baseUrl: string,
    private readonly accessToken: string,
  ) {}

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}/_matrix/client/v3${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.accessToken}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok)
      throw new CryptoHttpError(
        response.status,
        `${method} ${path.split("?")[0]}: ${response.status} ${text.slice(0, 200)}`,
      );
    return (text ? JSON.parse(text) : {}) as T;
  }

  async whoami(): Promise<{ userId: string; deviceId: string }> {
    const who = await this.call<{ user_id?: string; device_id?: string }>("GET", "/account/whoami");
    if (!who.user_id || !who.device_id)
      throw new Error("the homeserver did not say which device the access token belongs to");
    return { userId: who.user_id, deviceId: who.device_id };
  }

  async joinedMembers(roomId: string): Promise<string[]> {
    const res = await this.call<{ joined?: Record<string, unknown> }>(
      "GET",
      `/rooms/${encodeURIComponent(roomId)}/joined_members`,
    );
    return Object.keys(res.joined ?? {});
  }

  async roomIsEncrypted(roomId: string): Promise<boolean> {
    try {
      const state = await this.call<{ algorithm?: unknown }>(
        "GET",
        `/rooms/${encodeURIComponent(roomId)}/state/m.room.encryption/`,
      );
      return typeof state.algorithm === "string";
    } catch (error) {
      if (error instanceof CryptoHttpError && error.status === 404) return false;
      throw error;
    }
  }
}

export class CryptoHttpError extends Error {
  override readonly name = "CryptoHttpError";
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
