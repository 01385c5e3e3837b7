import "server-only";
// Stores an agent's numbered progress events (docs/architecture.md §10 rule 9). The agent numbers events per
// attempt and retries a failed batch with the same numbers, so an event already stored is skipped,
// not an error. The call also renews the lease and answers whether a cancel was requested.
import type { JobEvent } from "@/lib/agent-protocol";
import { inTransaction } from "@/server/db-transaction";
import { AppError } from "@/server/errors";
import { findLeasedJob } from "@/server/jobs/find-leased-job";
import { isUniqueViolation } from "@/server/jobs/is-unique-violation";
import type { LeaseRenewal } from "@/server/jobs/renew-lease";
import { JOB_LEASE_MS } from "@/server/jobs/job-timing";
import { announceJobMilestone } from "@/server/jobs/job-wakeups";

export interface AppendJobEventsInput {
  hostId: string;
  jobId: string;
  attempt: number;
  events: JobEvent[];
  now?: Date;
}

export async function appendJobEvents(input: AppendJobEventsInput): Promise<LeaseRenewal> {
  try {
    return await insertEvents(input);
  } catch (error) {
    // Two deliveries of one batch raced past the "already stored" check; the second try sees
    // the first one's rows and skips them.
    if (!isUniqueViolation(error)) throw error;
    return insertEvents(input);
  }
}

async function insertEvents({
  hostId,
  jobId,
  attempt,
  events,
  now = new Date(),
}: AppendJobEventsInput): Promise<LeaseRenewal> {
  let pointInTimeStored = false;
  const renewal = await inTransaction(async (tx) => {
    const job = await findLeasedJob({ hostId, jobId, attempt }, tx);
    const stored = await tx.jobEvent.findMany({
      where: { jobId, attempt, seq: { in: events.map((event) => event.seq) } },
      select: { seq: true },
    });
    const storedSeqs = new Set(stored.map((event) => event.seq));
    const { _max: last } = await tx.jobEvent.aggregate({ where: { jobId, attempt }, _max: { seq: true } });
    const lastStoredSeq = last.seq ?? 0;
    const fresh = new Map<number, JobEvent>();
    for (const event of events) if (!storedSeqs.has(event.seq) && !fresh.has(event.seq)) fresh.set(event.seq, event);
    const newEvents = [...fresh.values()].sort((a, b) => a.seq - b.seq);
    if (newEvents.length > 0) {
      await tx.jobEvent.createMany({
        data: newEvents.map((event) => ({
          jobId,
          attempt,
          seq: event.seq,
          at: new Date(event.at),
          type: event.type,
          message: event.message ?? null,
          progressJson: event.progress ? JSON.stringify(event.progress) : null,
          pointInTimeJson: event.pointInTime ? JSON.stringify(event.pointInTime) : null,
        })),
      });
    }
    const leaseExpiresAt = new Date(now.getTime() + JOB_LEASE_MS);
    const { count } = await tx.job.updateMany({
      where: { id: jobId, state: "running", attempt },
      data: { leaseExpiresAt, ...latestStatus(newEvents, lastStoredSeq) },
    });
    if (count === 0)
      throw new AppError("LEASE_LOST", `Job ${jobId} attempt ${attempt} lost its lease; stop working on it`);
    if (newEvents.some((event) => event.type === "point-in-time")) pointInTimeStored = true;
    return { cancelRequested: job.cancelRequestedAt !== null, leaseExpiresAt: leaseExpiresAt.getTime() };
  });
  // A runbook waiting under quiesce for this job's point in time resumes the application now, not at its next tick.
  if (pointInTimeStored) announceJobMilestone();
  return renewal;
}

/**
 * The job's phase and progress from the newest events. Only events numbered after everything
 * already stored count, so a late batch never rolls the progress back.
 */
function latestStatus(newEvents: JobEvent[], lastStoredSeq: number): { phase?: string; progressJson?: string } {
  const status: { phase?: string; progressJson?: string } = {};
  for (const event of newEvents) {
    if (event.seq <= lastStoredSeq) continue;
    if (event.type === "progress" && event.progress) {
      status.progressJson = JSON.stringify(event.progress);
      status.phase = event.progress.phase;
    } else if (event.type === "phase" && event.message) {
      status.phase = event.message;
    }
  }
  return status;
}
