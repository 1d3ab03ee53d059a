import { exports } from "cloudflare:workers";
import { describeError } from "../log";
import { copyPlain, type PlainValue, RegexpValue } from "../modules/copy-plain";
import type { CommunityModule, ModuleCode, RefusedModule } from "../modules/load";
import { ManifestError, type ModuleManifest, parseManifest } from "../modules/manifest";
import { createModuleHttp } from "../modules/module-http";
import type {
  BaseContext,
  CommandContext,
  CronContext,
  EventContext,
  WatcherContext,
} from "../sdk/types";
import { UsageError } from "../sdk/usage-error";
import { withTimeout } from "../timeout";
import { ModuleCapability } from "./capability";
import { Semaphore } from "./semaphore";
import { WRAPPER_SOURCE } from "./wrapper-source";

/** Module code as a sandbox takes it: one ES module importing only "mxuserbot". */
export interface SandboxSource {
  readonly file: string;
  /** The name the scan read; the sandbox must declare the same. */
  readonly name: string;
  readonly code: string;
  readonly sha256: string;
}

interface SandboxStub {
  describe(): Promise<unknown>;
  run(kind: string, key: string, cap: ModuleCapability | null, data: unknown): Promise<unknown>;
}

/** Per call: CPU a module may burn and subrequests it may make (enforced in production). */
const LIMITS = { cpuMs: 50, subRequests: 20 };
/** Dynamic Workers allow 4 calls in flight per request; the isolate never has more. */
const inFlight = new Semaphore(4);
const COMPATIBILITY_DATE = "2026-04-20";

/**
 * The Worker Loader runner: each module in its own isolate, loaded under an id that changes
 * with its code, with no `env` and no network but a gateway that enforces its `network` list.
 */
export class SandboxRunner {
  constructor(
    private readonly loader: WorkerLoader,
    private readonly sdkSource: string,
    private readonly describeTimeoutMs = 5_000,
  ) {}

  /** Loads one module and takes its declaration as data; a failure refuses that module alone. */
  async load(source: SandboxSource): Promise<CommunityModule | RefusedModule> {
    const refuse = (reason: string): RefusedModule => ({
      file: source.file,
      name: source.name,
      reasons: [reason],
    });
    const stub = this.#stub(source, []);
    let wire: unknown;
    try {
      wire = await inFlight.run(() =>
        withTimeout(stub.describe(), this.describeTimeoutMs, "it took too long to describe itself"),
      );
    } catch (error) {
      return refuse(`it did not start in its sandbox: ${describeError(error)}`);
    }
    let manifest: ModuleManifest;
    try {
      // RPC results carry a disposer under a symbol; a structured clone keeps only the data.
      manifest = parseManifest(fromWire(copyPlain(structuredClone(wire))), isMarker).manifest;
    } catch (error) {
      return refuse(`its declaration is refused: ${describeError(error)}`);
    }
    if (manifest.name !== source.name)
      return refuse(
        `it declares the name ${manifest.name} in its sandbox, but ${source.name} when it was scanned`,
      );
    // The gateway needs the network list, which is known only now: load it again under it.
    // A stub belongs to the request that made it, so every call gets its own (the isolate
    // behind the id is reused).
    const live = () => this.#stub(source, manifest.network);
    return { file: source.file, manifest, code: sandboxCode(live, manifest) };
  }

  #stub(source: SandboxSource, network: readonly string[]): SandboxStub {
    const id = `${source.name}@${source.sha256}:${network.join(",")}`;
    const worker = this.loader.get(id, () => ({
      compatibilityDate: COMPATIBILITY_DATE,
      mainModule: "wrapper.js",
      modules: {
        "wrapper.js": WRAPPER_SOURCE,
        "module.js": source.code,
        mxuserbot: { js: this.sdkSource },
      },
      env: {},
      globalOutbound: exports.ModuleGateway({
        props: { module: source.name, network: [...network] },
      }),
      limits: LIMITS,
    }));
    return worker.getEntrypoint() as unknown as SandboxStub;
  }
}

/** The handlers of a sandboxed module: each call a fresh capability over the core's ctx. */
function sandboxCode(stub: () => SandboxStub, manifest: ModuleManifest): ModuleCode {
  const http = createModuleHttp(manifest.name, manifest.network);
  const call = async (kind: string, key: string, ctx: BaseContext, data: object) => {
    const config: Record<string, unknown> = {};
    for (const option of manifest.config) config[option.key] = ctx.config.get(option.key);
    const cap = new ModuleCapability(ctx, http.check);
    const result = await inFlight.run(() =>
      stub().run(kind, key, cap, { module: manifest.name, config, ...data }),
    );
    const { logs, usage, error } = readResult(result);
    for (const [level, line] of logs) ctx.log[level](line);
    if (usage !== undefined) throw new UsageError(usage);
    if (error !== undefined) throw new SandboxError(error);
  };
  const eventData = (ctx: EventContext) => ({ event: ctx.event });
  return Object.freeze({
    command: (name: string, ctx: CommandContext) =>
      call("command", name, ctx, {
        ...eventData(ctx),
        command: ctx.command,
        args: ctx.args,
        argv: [...ctx.argv],
      }),
    watcher: (index: number, ctx: WatcherContext) =>
      call("watcher", String(index), ctx, {
        ...eventData(ctx),
        match: {
          items: [...ctx.match],
          index: ctx.match.index,
          input: ctx.match.input,
          groups: ctx.match.groups ? { ...ctx.match.groups } : undefined,
        },
      }),
    handler: (type: string, ctx: EventContext) => call("handler", type, ctx, eventData(ctx)),
    cron: (index: number, ctx: CronContext) =>
      call("cron", String(index), ctx, { scheduledTime: ctx.scheduledTime }),
    async validate(key: string, value: unknown): Promise<true | string> {
      if (!manifest.config.find((o) => o.key === key)?.validated) return true;
      const result = (await inFlight.run(() =>
        stub().run("validate", key, null, { value: structuredClone(value) }),
      )) as { verdict?: unknown; error?: unknown } | null;
      if (typeof result?.error === "string") throw new SandboxError(result.error.slice(0, 500));
      if (result?.verdict === true) return true;
      return typeof result?.verdict === "string" && result.verdict.length > 0
        ? result.verdict.slice(0, 500)
        : "invalid value";
    },
  });
}

/** A failure inside a sandbox, described there; nothing of it but the text reaches the core. */
export class SandboxError extends Error {
  override readonly name = "SandboxError";
}

type Level = "info" | "warn" | "error";
const LEVELS = new Set<string>(["info", "warn", "error"]);

/** The sandbox's answer is input like any other: only well-formed, bounded data is used. */
function readResult(result: unknown): {
  logs: [Level, string][];
  usage?: string;
  error?: string;
} {
  const r = (typeof result === "object" && result !== null ? result : {}) as Record<
    string,
    unknown
  >;
  const logs: [Level, string][] = [];
  if (Array.isArray(r.logs))
    for (const entry of r.logs.slice(0, 100))
      if (Array.isArray(entry) && LEVELS.has(entry[0] as string) && typeof entry[1] === "string")
        logs.push([entry[0] as Level, entry[1].slice(0, 2_000)]);
  const text = (v: unknown) => (typeof v === "string" ? v.slice(0, 1_000) : undefined);
  return { logs, usage: text(r.usage), error: text(r.error) };
}

/** The wire's markers back into what the manifest parser knows: functions and RegExps. */
const FUNCTION_MARK = "\u0000function";
function fromWire(value: PlainValue): PlainValue {
  if (Array.isArray(value)) return value.map(fromWire);
  if (typeof value === "object" && value !== null && !(value instanceof RegexpValue)) {
    const record = value as Record<string, PlainValue>;
    const keys = Object.keys(record);
    if (keys.length === 1 && keys[0] === "$fn") return FUNCTION_MARK;
    if (keys.length === 1 && keys[0] === "$re") {
      const re = record.$re;
      if (!Array.isArray(re) || typeof re[0] !== "string" || typeof re[1] !== "string")
        throw new ManifestError("a malformed regular expression");
      return new RegexpValue(re[0], re[1]);
    }
    const out: Record<string, PlainValue> = Object.create(null);
    for (const key of keys) out[key] = fromWire(record[key]);
    return out;
  }
  return value;
}

const isMarker = (value: PlainValue): value is PlainValue & typeof FUNCTION_MARK =>
  value === FUNCTION_MARK;
