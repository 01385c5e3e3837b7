import "server-only";
// The audit log (docs/architecture.md §6): every state change records who, what, when, from where and the
// result. Callers pass their transaction client so the entry commits or rolls back with the change.
import type { Prisma } from "@/generated/sqlite/client";
import { type Db, prisma } from "@/server/db";

export interface AuditEntryInput {
  actorType: "user" | "agent" | "system";
  /** A User id (user), a Host id (agent), or null (system). */
  actorId: string | null;
  action: string;
  object?: string | null;
  detail?: Record<string, unknown> | null;
  result: "ok" | "refused" | "failed";
  fromAddress?: string | null;
  at?: Date;
}

export async function writeAuditEntry(
  entry: AuditEntryInput,
  db: Db | Prisma.TransactionClient = prisma,
): Promise<void> {
  await db.auditEntry.create({
    data: {
      at: entry.at,
      actorType: entry.actorType,
      actorId: entry.actorId,
      action: entry.action,
      object: entry.object ?? null,
      detailJson: entry.detail ? JSON.stringify(entry.detail) : null,
      result: entry.result,
      fromAddress: entry.fromAddress ?? null,
    },
  });
}
