import "server-only";
// Revokes every credential of a host (docs/architecture.md §6): its agent's next request gets 401. The rows
// stay (revokedAt) for the audit trail; the host can enrol again with a new token.
import { writeAuditEntry } from "@/server/audit/write-audit-entry";
import { inTransaction } from "@/server/db-transaction";
import { AppError } from "@/server/errors";

export interface RevokeAgentCredentialInput {
  hostId: string;
  /** The admin revoking, or null for the system. */
  revokedById: string | null;
  fromAddress?: string | null;
  now?: Date;
}

export async function revokeAgentCredential({
  hostId,
  revokedById,
  fromAddress,
  now = new Date(),
}: RevokeAgentCredentialInput): Promise<{ revoked: number }> {
  return inTransaction(async (tx) => {
    const host = await tx.host.findUnique({ where: { id: hostId }, select: { name: true } });
    if (!host) throw new AppError("NOT_FOUND", `Host ${hostId} not found`);
    const { count } = await tx.agentCredential.updateMany({
      where: { hostId, revokedAt: null },
      data: { revokedAt: now },
    });
    await writeAuditEntry(
      {
        actorType: revokedById ? "user" : "system",
        actorId: revokedById,
        action: "agent.credential.revoke",
        object: `host ${host.name}`,
        result: "ok",
        detail: { revoked: count },
        fromAddress,
        at: now,
      },
      tx,
    );
    return { revoked: count };
  });
}
