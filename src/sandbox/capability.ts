import { RpcTarget } from "cloudflare:workers";
import type { BaseContext, EventContext, MessageInput } from "../sdk/types";

/**
 * What a sandbox may do, bound by the core to one module and one handler call: every method
 * goes through the core's own ctx for that call (scoped db, leased, IDs validated), so the
 * sandbox holds a capability, never the core's objects. Arguments arrive as copies (RPC).
 */
export class ModuleCapability extends RpcTarget {
  readonly #ctx: BaseContext;
  readonly #event: EventContext | null;
  readonly #checkUrl: (url: string) => void;

  constructor(ctx: BaseContext, checkUrl: (url: string) => void) {
    super();
    this.#ctx = ctx;
    this.#event = "respond" in ctx ? (ctx as EventContext) : null;
    this.#checkUrl = checkUrl;
  }

  #inRoom(): EventContext {
    if (!this.#event) throw new Error("this handler has no event to answer");
    return this.#event;
  }

  respond(content: MessageInput) {
    return this.#inRoom().respond(content);
  }
  reply(content: MessageInput) {
    return this.#inRoom().reply(content);
  }
  send(content: MessageInput, roomId?: string) {
    return this.#inRoom().send(content, roomId);
  }
  react(key: string) {
    return this.#inRoom().react(key);
  }
  sendMessage(roomId: string, content: MessageInput) {
    return this.#ctx.matrix.sendMessage(roomId, content);
  }
  reactTo(roomId: string, eventId: string, key: string) {
    return this.#ctx.matrix.react(roomId, eventId, key);
  }
  redact(roomId: string, eventId: string, reason?: string) {
    return this.#ctx.matrix.redact(roomId, eventId, reason);
  }
  getEvent(roomId: string, eventId: string) {
    return this.#ctx.matrix.getEvent(roomId, eventId);
  }
  getProfile(userId: string) {
    return this.#ctx.matrix.getProfile(userId);
  }
  getJoinedMembers(roomId: string) {
    return this.#ctx.matrix.getJoinedMembers(roomId);
  }
  whoami() {
    return this.#ctx.matrix.whoami();
  }
  dbGet(key: string) {
    return this.#ctx.db.get(key);
  }
  dbSet(key: string, value: unknown) {
    return this.#ctx.db.set(key, value);
  }
  dbDelete(key: string) {
    return this.#ctx.db.delete(key);
  }
  dbKeys(prefix?: string) {
    return this.#ctx.db.keys(prefix);
  }
  isOwner(userId: string) {
    return this.#ctx.security.isOwner(userId);
  }
  isSudo(userId: string) {
    return this.#ctx.security.isSudo(userId);
  }
  /**
   * What the gateway would refuse about this URL, said early and clearly; null when allowed.
   * Returned, not thrown: the sandbox throws it, and nothing is left unhandled on this side.
   */
  checkUrl(url: string): string | null {
    try {
      this.#checkUrl(String(url));
      return null;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }
}
