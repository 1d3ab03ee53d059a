import { and, asc, eq, gt } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Database } from "../db/client";
import { auditLog, modPerms, sudos, tsecGrants, tsecNotices } from "../db/schema";

/** Who asked for a change, and the event that carried the request. */
export interface Actor {
  userId: string;
  eventId: string;
  at: number;
}

export async function isSudo(d1: D1Database, userId: string): Promise<boolean> {
  return (await d1.prepare("SELECT 1 FROM sudos WHERE user_id = ?").bind(userId).first()) !== null;
}

/** The changes an event already made: a retried command answers as it did, not "already done". */
export async function changesMadeBy(
  db: Database,
  eventId: string,
): Promise<{ action: string; target: string | null }[]> {
  return db
    .select({ action: auditLog.action, target: auditLog.target })
    .from(auditLog)
    .where(eq(auditLog.eventId, eventId));
}

function audit(db: Database, actor: Actor, action: string, target: string, detail?: string) {
  return db
    .insert(auditLog)
    .values({ at: actor.at, actor: actor.userId, action, target, detail, eventId: actor.eventId });
}

/** Applies a change and its audit row in one D1 batch (atomic). */
async function change(
  db: Database,
  item: BatchItem<"sqlite">,
  actor: Actor,
  action: string,
  target: string,
  detail?: string,
) {
  await db.batch([item, audit(db, actor, action, target, detail)]);
}

export const sudoStore = {
  list: (db: Database) => db.select().from(sudos).orderBy(asc(sudos.userId)),
  has: async (db: Database, userId: string) =>
    (await db.select({ u: sudos.userId }).from(sudos).where(eq(sudos.userId, userId)).get()) !==
    undefined,
  add: (db: Database, userId: string, actor: Actor) =>
    change(
      db,
      db
        .insert(sudos)
        .values({ userId, addedBy: actor.userId, addedAt: actor.at })
        .onConflictDoNothing(),
      actor,
      "sudo.add",
      userId,
    ),
  remove: (db: Database, userId: string, actor: Actor) =>
    change(db, db.delete(sudos).where(eq(sudos.userId, userId)), actor, "sudo.rm", userId),
};

export const modPermStore = {
  list: (db: Database, userId?: string) =>
    db
      .select()
      .from(modPerms)
      .where(userId ? eq(modPerms.userId, userId) : undefined)
      .orderBy(asc(modPerms.userId), asc(modPerms.target)),
  has: async (db: Database, userId: string, target: string) =>
    (await db
      .select({ t: modPerms.target })
      .from(modPerms)
      .where(and(eq(modPerms.userId, userId), eq(modPerms.target, target)))
      .get()) !== undefined,
  add: (db: Database, userId: string, target: string, kind: "module" | "command", actor: Actor) =>
    change(
      db,
      db
        .insert(modPerms)
        .values({ userId, target, kind, grantedBy: actor.userId, grantedAt: actor.at })
        .onConflictDoNothing(),
      actor,
      "modaccess.add",
      userId,
      `${kind} ${target}`,
    ),
  remove: (db: Database, userId: string, target: string, actor: Actor) =>
    change(
      db,
      db.delete(modPerms).where(and(eq(modPerms.userId, userId), eq(modPerms.target, target))),
      actor,
      "modaccess.rm",
      userId,
      target,
    ),
};

export const tsecStore = {
  live: (db: Database, now: number) =>
    db
      .select()
      .from(tsecGrants)
      .where(gt(tsecGrants.expiresAt, now))
      .orderBy(asc(tsecGrants.expiresAt)),
  get: (db: Database, userId: string, command: string) =>
    db
      .select()
      .from(tsecGrants)
      .where(and(eq(tsecGrants.userId, userId), eq(tsecGrants.command, command)))
      .get(),
  /** Grants or replaces; a notice still pending for an earlier grant of the same command is dropped. */
  async grant(
    db: Database,
    grant: { userId: string; command: string; expiresAt: number; roomId: string },
    actor: Actor,
  ) {
    const row = { ...grant, grantedBy: actor.userId, grantedAt: actor.at };
    await db.batch([
      db
        .insert(tsecGrants)
        .values(row)
        .onConflictDoUpdate({ target: [tsecGrants.userId, tsecGrants.command], set: row }),
      db
        .delete(tsecNotices)
        .where(and(eq(tsecNotices.userId, grant.userId), eq(tsecNotices.command, grant.command))),
      audit(
        db,
        actor,
        "tsec.grant",
        grant.userId,
        `${grant.command} until ${new Date(grant.expiresAt).toISOString()}`,
      ),
    ]);
  },
  remove: (db: Database, userId: string, command: string, actor: Actor) =>
    change(
      db,
      db
        .delete(tsecGrants)
        .where(and(eq(tsecGrants.userId, userId), eq(tsecGrants.command, command))),
      actor,
      "tsec.rm",
      userId,
      command,
    ),
};

export { audit };
