import "server-only";
// The check shared by every agent call about a running job: the job exists on this host, and the
// caller's attempt is the one currently holding it. Anything else means the agent must stop.
import type { Prisma } from "@/generated/sqlite/client";
import { type Db, prisma } from "@/server/db";
import { AppError } from "@/server/errors";

export interface LeasedJob {
  id: string;
  state: string;
  attempt: number;
  cancelRequestedAt: Date | null;
}

export async function findLeasedJob(
  { hostId, jobId, attempt }: { hostId: string; jobId: string; attempt: number },
  db: Db | Prisma.TransactionClient = prisma,
): Promise<LeasedJob> {
  const job = await db.job.findUnique({
    where: { id: jobId },
    select: { id: true, hostId: true, state: true, attempt: true, cancelRequestedAt: true },
  });
  // Another host's job is reported as missing: an agent learns nothing about other hosts.
  if (!job || job.hostId !== hostId) throw new AppError("NOT_FOUND", `Job ${jobId} not found on this host`);
  if (job.state !== "running" || job.attempt !== attempt) {
    throw new AppError(
      "LEASE_LOST",
      `Job ${jobId} attempt ${attempt} no longer holds the job (it is ${job.state}, attempt ${job.attempt}); stop working on it`,
    );
  }
  return { id: job.id, state: job.state, attempt: job.attempt, cancelRequestedAt: job.cancelRequestedAt };
}
