import "server-only";
// Cancels a job for an operator. A queued job is cancelled at once and its locks released. A
// running job only gets cancelRequestedAt: the agent learns it on its next report, stops at a
// chunk boundary and finishes the job as cancelled (docs/architecture.md §4), so the set is never left
// half-way without the agent knowing.
import { writeAuditEntry } from "@/server/audit/write-audit-entry";
import { prisma } from "@/server/db";
import { inTransaction } from "@/server/db-transaction";
import { AppError } from "@/server/errors";
import { getJob } from "@/server/jobs/get-job";
import type { JobDetail } from "@/server/jobs/job-select";
import { announceJobEnded } from "@/server/jobs/job-wakeups";

export interface CancelJobInput {
  jobId: string;
  userId: string | null;
  fromAddress?: string | null;
  now?: Date;
}

export async function cancelJob({ jobId, userId, fromAddress, now = new Date() }: CancelJobInput): Promise<JobDetail> {
  const audit = {
    actorType: userId ? "user" : "system",
    actorId: userId,
    action: "job.cancel",
    object: `job ${jobId}`,
    fromAddress,
    at: now,
  } as const;
  // Two rounds: a queued job can be claimed between the read and the update; then it is running.
  for (let round = 0; round < 2; round++) {
    const job = await prisma.job.findUnique({ where: { id: jobId }, select: { state: true, cancelRequestedAt: true } });
    if (!job) throw new AppError("NOT_FOUND", `Job ${jobId} not found`);

    if (job.state === "queued") {
      const cancelled = await inTransaction(async (tx) => {
        const { count } = await tx.job.updateMany({
          where: { id: jobId, state: "queued" },
          data: { state: "cancelled", cancelRequestedAt: now, finishedAt: now },
        });
        if (count === 0) return false;
        await tx.jobLock.deleteMany({ where: { jobId } });
        await writeAuditEntry({ ...audit, result: "ok", detail: { from: "queued" } }, tx);
        return true;
      });
      if (cancelled) {
        announceJobEnded();
        return getJob({ jobId });
      }
      continue;
    }

    if (job.state === "running") {
      if (job.cancelRequestedAt) return getJob({ jobId });
      const requested = await inTransaction(async (tx) => {
        const { count } = await tx.job.updateMany({
          where: { id: jobId, state: "running", cancelRequestedAt: null },
          data: { cancelRequestedAt: now },
        });
        if (count === 0) return false;
        await writeAuditEntry({ ...audit, result: "ok", detail: { from: "running" } }, tx);
        return true;
      });
      if (requested) return getJob({ jobId });
      continue;
    }

    await writeAuditEntry({ ...audit, result: "refused", detail: { state: job.state } });
    throw new AppError("CONFLICT", `Job ${jobId} is ${job.state}, cannot cancel`);
  }
  throw new AppError("CONFLICT", `Job ${jobId} changed state while being cancelled; try again`);
}
