import "server-only";
// Test support for the auth tests: a clean slate and users with real argon2 password hashes.
import type { Role } from "@/lib/roles";
import { hashPassword } from "@/server/auth/password-hash";
import { prisma } from "@/server/db";

export async function resetAuthTables(): Promise<void> {
  await prisma.auditEntry.deleteMany();
  await prisma.signInAttempt.deleteMany();
  await prisma.user.deleteMany(); // cascades to sessions and API tokens
}

export async function createTestUser(username: string, password: string, role: Role = "operator") {
  return prisma.user.create({
    data: { username, passwordHash: await hashPassword(password), role },
    select: { id: true, username: true },
  });
}
