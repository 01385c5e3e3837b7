import "server-only";
// Admin: disables a user. The row stays (audit trail); sign-in is refused and their sessions and
// API tokens stop working on the next request (resolve-caller.ts checks disabledAt every time).
import { writeAuditEntry } from "@/server/audit/write-audit-entry";
import { toUserItem, type UserItem, userSelect } from "@/server/auth/auth-select";
import { auditingLastAdminRefusal, refuseRemovingLastAdmin } from "@/server/auth/last-admin-guard";
import { prisma } from "@/server/db";
import { inTransaction } from "@/server/db-transaction";
import { AppError } from "@/server/errors";

export interface DisableUserInput {
  userId: string;
  actorId: string;
  fromAddress?: string | null;
  now?: Date;
}

export async function disableUser({
  userId,
  actorId,
  fromAddress = null,
  now = new Date(),
}: DisableUserInput): Promise<UserItem> {
  const target = await prisma.user.findUnique({ where: { id: userId }, select: { username: true } });
  const refused = {
    actorType: "user",
    actorId,
    action: "user.disable",
    object: `user ${target?.username ?? userId}`,
    fromAddress,
    at: now,
  } as const;
  return auditingLastAdminRefusal(refused, () =>
    inTransaction(async (tx) => {
      const user = await tx.user.findUnique({
        where: { id: userId },
        select: { username: true, role: true, disabledAt: true },
      });
      if (!user) throw new AppError("NOT_FOUND", `User ${userId} not found`);
      if (user.disabledAt)
        return toUserItem(await tx.user.findUniqueOrThrow({ where: { id: userId }, select: userSelect }));
      if (user.role === "admin") await refuseRemovingLastAdmin(tx, userId, user.username, "disable them");
      const updated = await tx.user.update({ where: { id: userId }, data: { disabledAt: now }, select: userSelect });
      // Also end their browser sessions now, so the rows say when they stopped.
      await tx.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } });
      await writeAuditEntry(
        {
          actorType: "user",
          actorId,
          action: "user.disable",
          object: `user ${user.username}`,
          result: "ok",
          fromAddress,
          at: now,
        },
        tx,
      );
      return toUserItem(updated);
    }),
  );
}
