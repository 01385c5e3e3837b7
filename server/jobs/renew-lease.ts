import "server-only";
// Extends a running job's lease (the agent's heartbeat lists its running jobs). The answer carries
// the cancel request, so cancellation reaches the agent on its next report (docs/architecture.md §4).
import { prisma } from "@/server/db";
import { AppError } from "@/server/errors";
import { findLeasedJob } from "@/server/jobs/find-leased-job";
import { JOB_LEASE_MS } from "@/server/jobs/job-timing";

export interface LeaseRenewal {
  cancelRequested: boolean;
  /** Epoch milliseconds, as lib/agent-protocol sends times. */
  leaseExpiresAt: number;
}

export async function renewLease({
  hostId,
  jobId,
  attempt,
  now = new Date(),
}: {
  hostId: string;
  jobId: string;
  attempt: number;
  now?: Date;
}): Promise<LeaseRenewal> {
  const job = await findLeasedJob({ hostId, jobId, attempt });
  const leaseExpiresAt = new Date(now.getTime() + JOB_LEASE_MS);
  // Conditional on state and attempt: the sweeper or a new claim may have moved the job since the read.
  const { count } = await prisma.job.updateMany({
    where: { id: jobId, state: "running", attempt },
    data: { leaseExpiresAt },
  });
  if (count === 0)
    throw new AppError("LEASE_LOST", `Job ${jobId} attempt ${attempt} lost its lease; stop working on it`);
  return { cancelRequested: job.cancelRequestedAt !== null, leaseExpiresAt: leaseExpiresAt.getTime() };
}
