import "server-only";
// The audit log for admins, newest first, optionally narrowed to one action or object.
import { prisma } from "@/server/db";
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

export interface ListAuditEntriesInput {
  action?: string;
  object?: string;
  limit?: number;
}

export async function listAuditEntries({ action, object, limit = 100 }: ListAuditEntriesInput = {}): Promise<AuditEntryItem[]> {
  const rows = await prisma.auditEntry.findMany({
    where: { action, object }, orderBy: [{ at: "desc" }, { id: "desc" }], take: Math.min(Math.max(1, limit), 1000),
  });
  // Entries keep ids, not foreign keys (they outlive users and hosts); names are looked up for display.
  const userIds = [...new Set(rows.filter((r) => r.actorType === "user" && r.actorId).map((r) => r.actorId!))];
  const hostIds = [...new Set(rows.filter((r) => r.actorType === "agent" && r.actorId).map((r) => r.actorId!))];
  const users = new Map((await prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, username: true } })).map((u) => [u.id, u.username]));
  const hosts = new Map((await prisma.host.findMany({ where: { id: { in: hostIds } }, select: { id: true, name: true } })).map((h) => [h.id, h.name]));
  return rows.map((r) => ({
    id: r.id, at: r.at.toISOString(), actorType: r.actorType,
    actor: r.actorId === null ? null : (users.get(r.actorId) ?? hosts.get(r.actorId) ?? r.actorId),
    action: r.action, object: r.object, detail: parseJsonObject(r.detailJson), result: r.result, fromAddress: r.fromAddress,
  }));
}
