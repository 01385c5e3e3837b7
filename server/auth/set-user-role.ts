import "server-only";
// Admin: changes a user's role. Takes effect on the user's next request (roles are read per request).
import type { Role } from "@/lib/roles";
import { writeAuditEntry } from "@/server/audit/write-audit-entry";
import { toUserItem, type UserItem, userSelect } from "@/server/auth/auth-select";
import { auditingLastAdminRefusal, refuseRemovingLastAdmin } from "@/server/auth/last-admin-guard";
import { prisma } from "@/server/db";
import { inTransaction } from "@/server/db-transaction";
import { AppError } from "@/server/errors";

export interface SetUserRoleInput {
  userId: string;
  role: Role;
  actorId: string;
  fromAddress?: string | null;
  now?: Date;
}

export async function setUserRole({
  userId,
  role,
  actorId,
  fromAddress = null,
  now = new Date(),
}: SetUserRoleInput): Promise<UserItem> {
  const target = await prisma.user.findUnique({ where: { id: userId }, select: { username: true, role: true } });
  const refused = {
    actorType: "user",
    actorId,
    action: "user.set-role",
    object: `user ${target?.username ?? userId}`,
    detail: { from: target?.role, to: role },
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
      if (user.role === "admin" && role !== "admin" && !user.disabledAt) {
        await refuseRemovingLastAdmin(tx, userId, user.username, `make them a ${role}`);
      }
      const updated = await tx.user.update({ where: { id: userId }, data: { role }, select: userSelect });
      await writeAuditEntry(
        {
          actorType: "user",
          actorId,
          action: "user.set-role",
          object: `user ${user.username}`,
          result: "ok",
          detail: { from: user.role, to: role },
          fromAddress,
          at: now,
        },
        tx,
      );
      return toUserItem(updated);
    }),
  );
}
