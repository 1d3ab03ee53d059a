import { audit } from "../access/store";
import { SourceError, sourceUrl } from "../install/fetch-source";
import { fetchRepository, type RepoEntry } from "../install/repository";
import { addRepo, listRepos, removeRepo } from "../modules/installed";
import type { CommandContext } from "../sdk/types";
import { UsageError } from "../sdk/usage-error";
import { actorOf } from "./actor";
import type { CoreServices } from "./services";

/** `.modules repo add|rm|list [url]` */
export async function repo(ctx: CommandContext, core: CoreServices, args: string[]) {
  const [sub, url] = args;
  const { db, d1, config } = core.rt;
  if (sub === "list" || sub === undefined) {
    const repos = await listRepos(d1);
    return void (await ctx.respond(
      repos.length > 0
        ? ["📚 | Repositories:", ...repos.map((r) => `• ${r}`)].join("\n")
        : "📚 | No repositories yet.",
    ));
  }
  if ((sub !== "add" && sub !== "rm") || !url)
    throw new UsageError("say repo add <url>, repo rm <url> or repo list");
  if (sub === "rm") {
    if (!(await listRepos(d1)).includes(url))
      throw new UsageError(`${url} is not a repository here`);
    await db.batch([removeRepo(d1, url), audit(db, actorOf(ctx, core), "modules.repo.rm", url)]);
    return void (await ctx.respond(`📚 | Removed the repository ${url}.`));
  }
  let entries: RepoEntry[];
  try {
    sourceUrl(url, config.allowLoopbackSources);
    entries = await fetchRepository(url, config.allowLoopbackSources);
  } catch (error) {
    if (!(error instanceof SourceError)) throw error;
    return void (await ctx.respond(`❌ | ${error.message}`));
  }
  await db.batch([
    addRepo(d1, url, core.rt.now()),
    audit(db, actorOf(ctx, core), "modules.repo.add", url),
  ]);
  await ctx.respond(`📚 | Added the repository ${url} (${entries.length} module(s)).`);
}

/** `.modules search <word>` */
export async function search(ctx: CommandContext, core: CoreServices, args: string[]) {
  const word = args.join(" ").trim().toLowerCase();
  if (!word) throw new UsageError("say search <word>");
  const p = core.settings.prefix;
  const found: string[] = [];
  const failed: string[] = [];
  for (const url of await listRepos(core.rt.d1)) {
    let entries: RepoEntry[];
    try {
      entries = await fetchRepository(url, core.rt.config.allowLoopbackSources);
    } catch {
      failed.push(url);
      continue;
    }
    for (const e of entries)
      if (e.name.toLowerCase().includes(word) || e.description?.toLowerCase().includes(word))
        found.push(
          `• ${e.name}${e.version ? ` ${e.version}` : ""}${e.description ? ` — ${e.description}` : ""} (${p}modules install ${e.name})`,
        );
  }
  const lines = [
    found.length > 0 ? `🔎 | Modules matching "${word}":` : `🔎 | No module matches "${word}".`,
    ...found.slice(0, 30),
    ...(failed.length > 0 ? [`Could not read: ${failed.join(", ")}`] : []),
  ];
  await ctx.respond(lines.join("\n"));
}
