import { audit } from "../access/store";
import { fetchSource, SourceError } from "../install/fetch-source";
import { type Prepared, prepareModule } from "../install/prepare";
import { describeChanges, describeCommands, previewText } from "../install/preview";
import { fetchRepository } from "../install/repository";
import { sandboxUnavailable } from "../modules/host";
import {
  bumpModulesRev,
  getInstalled,
  listRepos,
  removeInstalled,
  saveInstalled,
} from "../modules/installed";
import type { CommandContext } from "../sdk/types";
import { UsageError } from "../sdk/usage-error";
import { actorOf } from "./actor";
import type { CoreServices } from "./services";

const SHA256 = /^[0-9a-f]{64}$/;

/** `.modules install <url|Name> [--sha256 <hex>]` */
export async function install(ctx: CommandContext, core: CoreServices, args: string[]) {
  if (await refuseWithoutSandbox(ctx, core)) return;
  const { target, sha256 } = parseTarget(args, "install <https url|Name> [--sha256 <hex>]");
  const p = core.settings.prefix;
  if (!/^[a-z]+:\/\//i.test(target)) return installFromRepo(ctx, core, target);
  const source = await fetched(ctx, core, target);
  if (!source) return;
  if (sha256 === undefined) {
    const prepared = await prepareModule(core.rt, source);
    const confirm = `${p}modules install ${target} --sha256 ${source.sha256}`;
    return void (await ctx.respond(previewText(prepared, confirm)));
  }
  if (source.sha256 !== sha256)
    return void (await ctx.respond(
      `🚫 | The file changed since the preview: it now has SHA-256 ${source.sha256}. Nothing was installed; look at it again with ${p}modules install ${target}`,
    ));
  await commit(ctx, core, await prepareModule(core.rt, source), "modules.install");
}

async function installFromRepo(ctx: CommandContext, core: CoreServices, name: string) {
  const { allowLoopbackSources } = core.rt.config;
  for (const repo of await listRepos(core.rt.d1)) {
    let entries: Awaited<ReturnType<typeof fetchRepository>>;
    try {
      entries = await fetchRepository(repo, allowLoopbackSources);
    } catch {
      continue;
    }
    const entry = entries.find((e) => e.name.toLowerCase() === name.toLowerCase());
    if (!entry) continue;
    const source = await fetched(ctx, core, entry.url);
    if (!source) return;
    if (source.sha256 !== entry.sha256)
      return void (await ctx.respond(
        `🚫 | ${entry.name} at ${entry.url} does not match its repository: it has SHA-256 ${source.sha256}, the repository lists ${entry.sha256}. Nothing was installed.`,
      ));
    return commit(ctx, core, await prepareModule(core.rt, source), "modules.install");
  }
  throw new UsageError(
    `no repository lists a module named ${name}; add one with ${core.settings.prefix}modules repo add <url>, or give the module's URL`,
  );
}

/** `.modules update <Name> [--sha256 <hex>]` */
export async function update(ctx: CommandContext, core: CoreServices, args: string[]) {
  if (await refuseWithoutSandbox(ctx, core)) return;
  const { target: name, sha256 } = parseTarget(args, "update <Name> [--sha256 <hex>]");
  const installed = await getInstalled(core.rt.d1, name);
  if (!installed) throw new UsageError(notInstalled(core, name));
  const source = await fetched(ctx, core, installed.url);
  if (!source) return;
  const p = core.settings.prefix;
  if (sha256 === undefined) {
    if (source.sha256 === installed.sha256)
      return void (await ctx.respond(`📦 | ${installed.name} is up to date (${installed.url}).`));
    const prepared = await prepareModule(core.rt, source, installed.name);
    const confirm = `${p}modules update ${installed.name} --sha256 ${source.sha256}`;
    const changes = prepared.ok
      ? describeChanges(
          { commands: JSON.parse(installed.commands), network: JSON.parse(installed.network) },
          prepared.manifest,
        )
      : [];
    const what = prepared.ok
      ? [`Changes: ${changes.length > 0 ? "" : "none in commands or hosts"}`, ...changes]
      : [];
    const from = `From ${installed.version ?? "?"} (${installed.sha256.slice(0, 12)}…)`;
    return void (await ctx.respond([from, ...what, previewText(prepared, confirm)].join("\n")));
  }
  if (source.sha256 !== sha256)
    return void (await ctx.respond(
      `🚫 | The file changed since the preview: it now has SHA-256 ${source.sha256}. Nothing was updated; look again with ${p}modules update ${installed.name}`,
    ));
  const prepared = await prepareModule(core.rt, source, installed.name);
  if (prepared.ok && prepared.manifest.name !== installed.name)
    return void (await ctx.respond(
      `🚫 | The new file declares the module ${prepared.manifest.name}, not ${installed.name}. Nothing was updated.`,
    ));
  await commit(ctx, core, prepared, "modules.update");
}

/** `.modules remove <Name> [--purge]` */
export async function remove(ctx: CommandContext, core: CoreServices, args: string[]) {
  const [name, flag] = args;
  if (!name || (flag !== undefined && flag !== "--purge"))
    throw new UsageError("say remove <Name>, and --purge to delete its data and config too");
  const installed = await getInstalled(core.rt.d1, name);
  if (!installed) throw new UsageError(notInstalled(core, name));
  const purge = flag === "--purge";
  const { db, d1 } = core.rt;
  await db.batch([
    ...removeInstalled(d1, installed.name, purge),
    bumpModulesRev(d1, crypto.randomUUID()),
    audit(db, actorOf(ctx, core), "modules.remove", installed.name, purge ? "purge" : undefined),
  ]);
  core.settingsChanged();
  await ctx.respond(
    `🗑 | ${installed.name} is removed${purge ? ", with its data and config" : "; its data and config are kept"}.`,
  );
}

async function commit(ctx: CommandContext, core: CoreServices, prepared: Prepared, action: string) {
  if (!prepared.ok)
    return void (await ctx.respond(previewText(prepared, "(it cannot be installed)")));
  const { manifest, source, code } = prepared;
  const { db, d1 } = core.rt;
  const existing = await getInstalled(d1, manifest.name);
  const done = `✅ | ${manifest.name}${manifest.version ? ` ${manifest.version}` : ""} is installed (SHA-256 ${source.sha256}). Commands: ${describeCommands(manifest) || "none"}`;
  // A retried command finds its own install done: the same answer, nothing written twice.
  if (existing?.sha256 === source.sha256 && existing.url === source.url)
    return void (await ctx.respond(done));
  await db.batch([
    saveInstalled(d1, {
      name: manifest.name,
      version: manifest.version ?? null,
      url: source.url,
      sha256: source.sha256,
      code,
      network: JSON.stringify(manifest.network),
      commands: JSON.stringify(
        manifest.commands.map((c) => ({ name: c.name, security: c.security })),
      ),
      installedAt: core.rt.now(),
    }),
    bumpModulesRev(d1, crypto.randomUUID()),
    audit(db, actorOf(ctx, core), action, manifest.name, `${source.url} sha256=${source.sha256}`),
  ]);
  core.settingsChanged();
  await ctx.respond(done);
}

async function fetched(ctx: CommandContext, core: CoreServices, url: string) {
  try {
    return await fetchSource(url, core.rt.config.allowLoopbackSources);
  } catch (error) {
    if (!(error instanceof SourceError)) throw error;
    await ctx.respond(`❌ | ${error.message}`);
    return null;
  }
}

function parseTarget(args: string[], usage: string): { target: string; sha256?: string } {
  const [target, flag, hex, ...rest] = args;
  if (!target || rest.length > 0 || (flag !== undefined && flag !== "--sha256"))
    throw new UsageError(`say ${usage}`);
  if (flag === undefined) return { target };
  const sha256 = hex?.toLowerCase();
  if (!sha256 || !SHA256.test(sha256))
    throw new UsageError("--sha256 takes the 64 hex digits the preview showed");
  return { target, sha256 };
}

function notInstalled(core: CoreServices, name: string): string {
  const bundled = core.rt.registry.module(name);
  return bundled && !bundled.trusted
    ? `${bundled.name} is part of the deployed Worker: change modules/ and redeploy (npm run modules)`
    : `no installed module is named ${name}`;
}

/** Without the sandbox runner, says why and how to add modules at deploy time instead. */
async function refuseWithoutSandbox(ctx: CommandContext, core: CoreServices): Promise<boolean> {
  const why = sandboxUnavailable(core.rt.env, core.rt.config);
  if (!why) return false;
  await ctx.respond(
    [
      `📦 | Installing modules from chat needs the sandbox runner (the Worker Loader, Workers Paid plan), and ${why}.`,
      "Add modules at deploy time instead:",
      "npm run modules -- add <url|Name>",
      "npm run modules -- update [Name]",
      "npm run modules -- remove <Name>",
      "then: wrangler deploy",
    ].join("\n"),
  );
  return true;
}
