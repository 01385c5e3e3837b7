import "server-only";
// Admin: adds a console user with a role and an initial password.
import type { Role } from "@/lib/roles";
import { writeAuditEntry } from "@/server/audit/write-audit-entry";
import { toUserItem, type UserItem, userSelect } from "@/server/auth/auth-select";
import { hashPassword } from "@/server/auth/password-hash";
import { passwordProblem } from "@/server/auth/password-policy";
import { inTransaction } from "@/server/db-transaction";
import { AppError } from "@/server/errors";
import { isUniqueViolation } from "@/server/jobs/is-unique-violation";

export interface CreateUserInput {
  username: string;
  password: string;
  role: Role;
  /** The admin who asked, or null for the system (first start). */
  actorId: string | null;
  fromAddress?: string | null;
  now?: Date;
}

export async function createUser({
  username,
  password,
  role,
  actorId,
  fromAddress = null,
  now = new Date(),
}: CreateUserInput): Promise<UserItem> {
  const problem = passwordProblem(password, [username]);
  if (problem) throw new AppError("INVALID_INPUT", `password: ${problem} (user ${username})`);
  const passwordHash = await hashPassword(password); // outside the transaction: it takes ~50 ms
  try {
    return await inTransaction(async (tx) => {
      const user = await tx.user.create({ data: { username, passwordHash, role, createdAt: now }, select: userSelect });
      await writeAuditEntry(
        {
          actorType: actorId ? "user" : "system",
          actorId,
          action: "user.create",
          object: `user ${username}`,
          result: "ok",
          detail: { userId: user.id, role },
          fromAddress,
          at: now,
        },
        tx,
      );
      return toUserItem(user);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", `username: user ${username} already exists`);
    throw error;
  }
}
