import "server-only";
// Admin: every user, by username, without password hashes.
import { toUserItem, type UserItem, userSelect } from "@/server/auth/auth-select";
import { prisma } from "@/server/db";

export async function listUsers(): Promise<UserItem[]> {
  const users = await prisma.user.findMany({ select: userSelect, orderBy: { username: "asc" } });
  return users.map(toUserItem);
}
