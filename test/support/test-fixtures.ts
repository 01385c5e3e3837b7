import "server-only";
// Test support for the job tests: hosts and users created directly with Prisma, and a reset
// between tests (safe because each job test file has its own database: test-database.ts).
import { randomUUID } from "node:crypto";
import { prisma } from "@/server/db";

export async function resetJobTables(): Promise<void> {
  await prisma.auditEntry.deleteMany();
  await prisma.job.deleteMany(); // cascades to JobLock and JobEvent
  await prisma.host.deleteMany();
  await prisma.user.deleteMany();
}

export async function createTestHost(name = `host-${randomUUID().slice(0, 8)}`): Promise<{ id: string; name: string }> {
  return prisma.host.create({ data: { name }, select: { id: true, name: true } });
}

export async function createTestUser(
  username = `op-${randomUUID().slice(0, 8)}`,
): Promise<{ id: string; username: string }> {
  return prisma.user.create({
    data: { username, passwordHash: "x", role: "operator" },
    select: { id: true, username: true },
  });
}
