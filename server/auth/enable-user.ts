import "server-only";
// Admin: enables a disabled user again. Their old sessions stay ended (disable revoked them), so
// they sign in anew; API tokens that were not revoked work again.
import { writeAuditEntry } from "@/server/audit/write-audit-entry";
import { toUserItem, type UserItem, userSelect } from "@/server/auth/auth-select";
import { inTransaction } from "@/server/db-transaction";
import { AppError } from "@/server/errors";

export interface EnableUserInput {
  userId: string;
  actorId: string;
  fromAddress?: string | null;
  now?: Date;
}

export async function enableUser({
  userId,
  actorId,
  fromAddress = null,
  now = new Date(),
}: EnableUserInput): Promise<UserItem> {
  return inTransaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { username: true, disabledAt: true } });
    if (!user) throw new AppError("NOT_FOUND", `User ${userId} not found`);
    if (!user.disabledAt)
      return toUserItem(await tx.user.findUniqueOrThrow({ where: { id: userId }, select: userSelect }));
    const updated = await tx.user.update({ where: { id: userId }, data: { disabledAt: null }, select: userSelect });
    await writeAuditEntry(
      {
        actorType: "user",
        actorId,
        action: "user.enable",
        object: `user ${user.username}`,
        result: "ok",
        fromAddress,
        at: now,
        detail: { disabledAt: user.disabledAt.toISOString() },
      },
      tx,
    );
    return toUserItem(updated);
  });
}
