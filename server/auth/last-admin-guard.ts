import "server-only";
// Refuses a change that would leave the console without an enabled admin: nobody could then
// manage users, and the first-start bootstrap does not run again once an admin exists.
import type { Prisma } from "@/generated/sqlite/client";
import { type AuditEntryInput, writeAuditEntry } from "@/server/audit/write-audit-entry";
import { AppError } from "@/server/errors";

/** The refusal, told apart from other errors so the caller can audit it outside its rolled-back transaction. */
export class LastAdminRefusal extends AppError {
  constructor(message: string) {
    super("CONFLICT", message);
  }
}

export async function refuseRemovingLastAdmin(
  tx: Prisma.TransactionClient,
  userId: string,
  username: string,
  change: string,
): Promise<void> {
  const otherAdmins = await tx.user.count({ where: { role: "admin", disabledAt: null, id: { not: userId } } });
  if (otherAdmins === 0) throw new LastAdminRefusal(`User ${username} is the last enabled admin; cannot ${change}`);
}

/**
 * Runs a user change; when it is refused as the last admin's, records the refused attempt in the
 * audit log (the change's own transaction, and the entry in it, were rolled back) and rethrows.
 */
export async function auditingLastAdminRefusal<T>(
  refused: Omit<AuditEntryInput, "result">,
  change: () => Promise<T>,
): Promise<T> {
  try {
    return await change();
  } catch (err) {
    if (err instanceof LastAdminRefusal) {
      await writeAuditEntry({ ...refused, result: "refused", detail: { ...refused.detail, reason: err.message } });
    }
    throw err;
  }
}
