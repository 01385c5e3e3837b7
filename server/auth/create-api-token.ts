import "server-only";
// A personal API token for the CLI and scripts. The plaintext ("pct_…") is returned once; only its
// SHA-256 is stored (random-secret.ts says why that is enough).
import { writeAuditEntry } from "@/server/audit/write-audit-entry";
import { hashSecret, newSecret } from "@/server/auth/random-secret";
import { inTransaction } from "@/server/db-transaction";
import { AppError } from "@/server/errors";

export const API_TOKEN_PREFIX = "pct_";

export interface CreateApiTokenInput {
  userId: string;
  name: string;
  /** null: never expires. */
  expiresAt?: Date | null;
  /** Use this plaintext instead of a random one (PITCREW_ADMIN_TOKEN); still stored only as a hash. */
  plaintext?: string;
  /** Who asked (the user themself, or null for the system at first start). */
  actorId?: string | null;
  fromAddress?: string | null;
  now?: Date;
}

export interface CreatedApiToken {
  id: string;
  name: string;
  token: string;
  expiresAt: Date | null;
}

export async function createApiToken(input: CreateApiTokenInput): Promise<CreatedApiToken> {
  const { userId, name, expiresAt = null, plaintext, actorId = userId, fromAddress = null, now = new Date() } = input;
  if (expiresAt && expiresAt <= now) {
    throw new AppError("INVALID_INPUT", `expiresAt: ${expiresAt.toISOString()} is in the past (API token "${name}")`);
  }
  const { secret, hash } =
    plaintext === undefined ? newSecret(API_TOKEN_PREFIX) : { secret: plaintext, hash: hashSecret(plaintext) };
  const row = await inTransaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { username: true } });
    if (!user) throw new AppError("NOT_FOUND", `User ${userId} not found (creating API token "${name}")`);
    const created = await tx.apiToken.create({
      data: { userId, name, tokenHash: hash, createdAt: now, expiresAt },
      select: { id: true },
    });
    await writeAuditEntry(
      {
        actorType: actorId ? "user" : "system",
        actorId,
        action: "auth.api-token.create",
        object: `user ${user.username}`,
        result: "ok",
        detail: { tokenId: created.id, name, expiresAt: expiresAt?.toISOString() ?? null },
        fromAddress,
        at: now,
      },
      tx,
    );
    return created;
  });
  return { id: row.id, name, token: secret, expiresAt };
}
