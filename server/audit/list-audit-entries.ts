import "server-only";
// The audit log for admins, newest first, narrowed by the filters of lib/audit-filters and paged
// with the id of the oldest entry already shown ("load older").
import type { Prisma } from "@/generated/sqlite/client";
import type { AuditFilters } from "@/lib/audit-filters";
import { dbProvider, prisma } from "@/server/db";
import { parseJsonObject } from "@/server/jobs/job-select";

export interface AuditEntryItem {
  id: string;
  at: string;
  actorType: string;
  /** The user's name for user actors, the host's name for agents, else the stored id. */
  actor: string | null;
  action: string;
  object: string | null;
  detail: Record<string, unknown> | null;
  result: string;
  fromAddress: string | null;
}

export interface ListAuditEntriesInput extends AuditFilters {
  limit?: number;
  /** The id of the last entry of the previous page: the next page starts after it. */
  cursor?: string | null;
}

/** Entries keep ids, not foreign keys, so an actor's name becomes the ids it may stand for. */
async function actorWhere(actor: string): Promise<Prisma.AuditEntryWhereInput> {
  if (actor === "system") return { actorType: "system" };
  const [users, hosts] = await Promise.all([
    prisma.user.findMany({ where: { username: actor }, select: { id: true } }),
    prisma.host.findMany({ where: { name: actor }, select: { id: true } }),
  ]);
  // An unknown name matches nothing rather than everything; an id typed as is still matches.
  return { actorId: { in: [...users, ...hosts].map((x) => x.id).concat(actor) } };
}

/**
 * "vol01" finds "set …/VOL01" on both databases: SQLite's LIKE ignores ASCII case, PostgreSQL's
 * needs `mode: "insensitive"` (ILIKE), which the SQLite client's types do not know.
 */
function objectContains(object: string): Prisma.StringFilter {
  return dbProvider === "postgresql"
    ? ({ contains: object, mode: "insensitive" } as Prisma.StringFilter)
    : { contains: object };
}

export async function listAuditEntries(input: ListAuditEntriesInput = {}): Promise<AuditEntryItem[]> {
  const { action, actor, result, object, since, until, limit = 100, cursor } = input;
  const where: Prisma.AuditEntryWhereInput = {
    action,
    result,
    ...(object ? { object: objectContains(object) } : {}),
    ...(since || until
      ? { at: { ...(since ? { gte: new Date(since) } : {}), ...(until ? { lt: new Date(until) } : {}) } }
      : {}),
    ...(actor ? await actorWhere(actor) : {}),
  };
  const rows = await prisma.auditEntry.findMany({
    where,
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: Math.min(Math.max(1, limit), 1000),
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
  });
  // Entries keep ids, not foreign keys (they outlive users and hosts); names are looked up for display.
  const userIds = [...new Set(rows.filter((r) => r.actorType === "user" && r.actorId).map((r) => r.actorId!))];
  const hostIds = [...new Set(rows.filter((r) => r.actorType === "agent" && r.actorId).map((r) => r.actorId!))];
  const users = new Map(
    (await prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, username: true } })).map((u) => [
      u.id,
      u.username,
    ]),
  );
  const hosts = new Map(
    (await prisma.host.findMany({ where: { id: { in: hostIds } }, select: { id: true, name: true } })).map((h) => [
      h.id,
      h.name,
    ]),
  );
  return rows.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    actorType: r.actorType,
    actor: r.actorId === null ? null : (users.get(r.actorId) ?? hosts.get(r.actorId) ?? r.actorId),
    action: r.action,
    object: r.object,
    detail: parseJsonObject(r.detailJson),
    result: r.result,
    fromAddress: r.fromAddress,
  }));
}
