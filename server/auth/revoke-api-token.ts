import "server-only";
// Revokes one of the caller's own API tokens. revokedAt is set (the row stays for the audit
// trail); the token stops working on the next request.
import { writeAuditEntry } from "@/server/audit/write-audit-entry";
import { inTransaction } from "@/server/db-transaction";
import { AppError } from "@/server/errors";

export interface RevokeApiTokenInput {
  /** The owner: a user can revoke only their own tokens. */
  userId: string;
  tokenId: string;
  fromAddress?: string | null;
  now?: Date;
}

export async function revokeApiToken({
  userId,
  tokenId,
  fromAddress = null,
  now = new Date(),
}: RevokeApiTokenInput): Promise<void> {
  await inTransaction(async (tx) => {
    const token = await tx.apiToken.findFirst({
      where: { id: tokenId, userId },
      select: { name: true, revokedAt: true, user: { select: { username: true } } },
    });
    // Someone else's token is "not found" too: a user learns nothing about other users' tokens.
    if (!token) throw new AppError("NOT_FOUND", `API token ${tokenId} not found among your tokens`);
    if (token.revokedAt) return;
    await tx.apiToken.update({ where: { id: tokenId }, data: { revokedAt: now } });
    await writeAuditEntry(
      {
        actorType: "user",
        actorId: userId,
        action: "auth.api-token.revoke",
        object: `user ${token.user.username}`,
        result: "ok",
        detail: { tokenId, name: token.name },
        fromAddress,
        at: now,
      },
      tx,
    );
  });
}
