import "server-only";
// Refuses a change that would leave the console without an enabled admin: nobody could then
// manage users, and the first-start bootstrap does not run again once an admin exists.
import type { Prisma } from "@/generated/sqlite/client";
import { AppError } from "@/server/errors";

export async function refuseRemovingLastAdmin(tx: Prisma.TransactionClient, userId: string, username: string, change: string): Promise<void> {
  const otherAdmins = await tx.user.count({ where: { role: "admin", disabledAt: null, id: { not: userId } } });
  if (otherAdmins === 0) throw new AppError("CONFLICT", `User ${username} is the last enabled admin; cannot ${change}`);
}
