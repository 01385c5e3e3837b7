import "server-only";
// Creates a one-time enrolment token an admin hands to a new host (docs/architecture.md §6). The plaintext
// is returned once; only its hash is stored (server/auth/random-secret.ts says why SHA-256).
import { writeAuditEntry } from "@/server/audit/write-audit-entry";
import { inTransaction } from "@/server/db-transaction";
import { AppError } from "@/server/errors";
import { newSecret } from "@/server/auth/random-secret";

export interface CreateEnrolmentTokenInput {
  /** When set, only an agent enrolling under this host name may use the token. */
  hostName?: string | null;
  createdById?: string | null;
  ttlSeconds: number;
  fromAddress?: string | null;
  now?: Date;
}

export interface CreatedEnrolmentToken {
  id: string;
  token: string;
  hostName: string | null;
  expiresAt: Date;
}

export async function createEnrolmentToken(input: CreateEnrolmentTokenInput): Promise<CreatedEnrolmentToken> {
  const { hostName = null, createdById = null, ttlSeconds, fromAddress, now = new Date() } = input;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1) {
    throw new AppError(
      "INVALID_INPUT",
      `ttlSeconds: ${ttlSeconds} is not a positive whole number of seconds (enrolment token for ${hostName ? `host ${hostName}` : "any host"})`,
    );
  }
  const { secret, hash } = newSecret();
  const expiresAt = new Date(now.getTime() + ttlSeconds * 1000);
  const row = await inTransaction(async (tx) => {
    const created = await tx.enrolmentToken.create({
      data: { tokenHash: hash, hostName, createdById, createdAt: now, expiresAt },
      select: { id: true },
    });
    await writeAuditEntry(
      {
        actorType: createdById ? "user" : "system",
        actorId: createdById,
        action: "agent.enrolment-token.create",
        object: hostName ? `host ${hostName}` : null,
        result: "ok",
        fromAddress,
        at: now,
        detail: { tokenId: created.id, expiresAt: expiresAt.toISOString() },
      },
      tx,
    );
    return created;
  });
  return { id: row.id, token: secret, hostName, expiresAt };
}
