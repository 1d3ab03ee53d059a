import type { RoomEvent } from "../matrix/events";
import type { SecurityLevel } from "./levels";

export type { RoomEvent };

/** What a module sends: plain text, or text with its HTML rendering. */
export type MessageInput = string | { body: string; html?: string };

export interface Profile {
  displayname?: string;
  avatar_url?: string;
}

/** The Matrix calls a module may make, all acting as the bot account. */
export interface ModuleMatrix {
  sendMessage(roomId: string, content: MessageInput): Promise<string>;
  react(roomId: string, eventId: string, key: string): Promise<string>;
  redact(roomId: string, eventId: string, reason?: string): Promise<string>;
  getEvent(roomId: string, eventId: string): Promise<RoomEvent>;
  getProfile(userId: string): Promise<Profile>;
  getJoinedMembers(roomId: string): Promise<Record<string, Profile>>;
  /** The bot account's MXID. */
  whoami(): Promise<string>;
}

/** The module's own key/value store; values are JSON. */
export interface ModuleDb {
  get<T = unknown>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<boolean>;
  keys(prefix?: string): Promise<string[]>;
}

export interface ModuleLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface BaseContext {
  /** The module's name. */
  readonly module: string;
  readonly matrix: ModuleMatrix;
  readonly db: ModuleDb;
  readonly config: { get<T = unknown>(key: string): T | undefined };
  readonly security: {
    isOwner(userId: string): Promise<boolean>;
    isSudo(userId: string): Promise<boolean>;
  };
  readonly log: ModuleLog;
  readonly http: { fetch(url: string, init?: RequestInit): Promise<Response> };
}

export interface EventContext extends BaseContext {
  /** A deep-frozen copy of the event. */
  readonly event: RoomEvent;
  readonly roomId: string;
  readonly sender: string;
  /** Edits the command message when the sender is the bot account, replies otherwise. */
  respond(content: MessageInput): Promise<string>;
  reply(content: MessageInput): Promise<string>;
  send(content: MessageInput, roomId?: string): Promise<string>;
  react(key: string): Promise<string>;
}

export interface CommandContext extends EventContext {
  /** The command's canonical name (not the alias that was typed). */
  readonly command: string;
  /** The text after the command. */
  readonly args: string;
  /** `args` split on whitespace, quotes respected. */
  readonly argv: readonly string[];
}

export interface WatcherContext extends EventContext {
  readonly match: RegExpMatchArray;
}

export interface CronContext extends BaseContext {
  readonly scheduledTime: number;
}

type Awaitable<T> = T | Promise<T>;

export interface CommandSpec {
  security?: SecurityLevel;
  aliases?: string[];
  usage?: string;
  description?: string;
  run(ctx: CommandContext): Awaitable<unknown>;
}

export interface WatcherSpec {
  pattern: RegExp;
  security?: SecurityLevel;
  run(ctx: WatcherContext): Awaitable<unknown>;
}

export interface EventHandlerSpec {
  security?: SecurityLevel;
  run(ctx: EventContext): Awaitable<unknown>;
}

export interface CronSpec {
  schedule: string;
  run(ctx: CronContext): Awaitable<unknown>;
}

export type ConfigValue =
  | string
  | number
  | boolean
  | null
  | ConfigValue[]
  | { [key: string]: ConfigValue };

export interface ConfigSpec {
  default?: ConfigValue;
  description?: string;
  required?: boolean;
  /** Returns true when the value is acceptable, or a message saying what is wrong. */
  validate?(value: unknown): boolean | string;
}

export interface ModuleSpec {
  name: string;
  version?: string;
  description?: string;
  network?: string[];
  config?: Record<string, ConfigSpec>;
  commands?: Record<string, CommandSpec>;
  watchers?: WatcherSpec[];
  on?: Record<string, EventHandlerSpec>;
  cron?: CronSpec[];
}
