import "server-only";
// The sweeper (docs/architecture.md §10 rule 8), run from the claim path and from a timer. A running job whose
// lease ran out belongs to an agent that went silent; one past its deadline has run too long.
// A silent agent may still be working (graphile-worker's recovery notes), so only kinds that
// lib/job-types marks idempotent are handed out again; every other job becomes "interrupted" —
// never "succeeded" — with a message that tells the operator what to check, and its locks are
// released so the operator can act on the objects.
import { jobIsIdempotent, type JobKind } from "@/lib/job-types";
import { writeAuditEntry } from "@/server/audit/write-audit-entry";
import { prisma } from "@/server/db";
import { inTransaction } from "@/server/db-transaction";
import { describeJobLockKey } from "@/server/jobs/job-lock-keys";
import { JOB_LEASE_MS, MAX_JOB_ATTEMPTS } from "@/server/jobs/job-timing";
import { announceJobEnded, announceJobQueued } from "@/server/jobs/job-wakeups";

export interface ExpiredLeaseCounts {
  requeued: number;
  interrupted: number;
}

interface StaleJob {
  id: string;
  kind: string;
  attempt: number;
  leaseExpiresAt: Date | null;
  deadlineAt: Date | null;
  deadlineSeconds: number;
  cancelRequestedAt: Date | null;
  hostId: string;
  host: { name: string };
  locks: { key: string }[];
}

export interface ExpireStaleLeasesOptions {
  /**
   * A host whose agent process just started: its running jobs belonged to the previous process
   * and will never be finished, so they are expired now instead of when their lease runs out.
   */
  restartedHostId?: string;
  /**
   * Before this time a lease that ran out is not stale (lease-grace.ts: the agents could not
   * renew while the console was down); deadlines still expire jobs.
   */
  leaseGraceUntil?: Date | null;
}

export async function expireStaleLeases(
  now: Date = new Date(),
  opts: ExpireStaleLeasesOptions = {},
): Promise<ExpiredLeaseCounts> {
  const restarted = opts.restartedHostId !== undefined;
  const inGrace = opts.leaseGraceUntil != null && now < opts.leaseGraceUntil;
  const staleWhere = restarted
    ? { hostId: opts.restartedHostId }
    : inGrace
      ? { deadlineAt: { lt: now } }
      : { OR: [{ leaseExpiresAt: { lt: now } }, { deadlineAt: { lt: now } }] };
  const stale: StaleJob[] = await prisma.job.findMany({
    where: { state: "running", ...staleWhere },
    select: {
      id: true,
      kind: true,
      attempt: true,
      leaseExpiresAt: true,
      deadlineAt: true,
      deadlineSeconds: true,
      cancelRequestedAt: true,
      hostId: true,
      host: { select: { name: true } },
      locks: { select: { key: true } },
    },
  });
  const counts: ExpiredLeaseCounts = { requeued: 0, interrupted: 0 };
  for (const job of stale) {
    const isPastDeadline = job.deadlineAt !== null && job.deadlineAt < now;
    // Past its deadline, a repeat would most likely run out of time again; after a cancel request
    // the operator wants it stopped, not repeated.
    const shouldRequeue =
      !isPastDeadline &&
      job.cancelRequestedAt === null &&
      jobIsIdempotent[job.kind as JobKind] === true &&
      job.attempt < MAX_JOB_ATTEMPTS;
    const changed = await inTransaction(async (tx) => {
      // Conditional on the attempt and on the lease still being stale: a renewal or a finish that
      // landed after our read wins.
      const { count } = await tx.job.updateMany({
        where: { id: job.id, state: "running", attempt: job.attempt, ...staleWhere },
        data: shouldRequeue
          ? { state: "queued", leaseExpiresAt: null, deadlineAt: null }
          : {
              state: "interrupted",
              finishedAt: now,
              leaseExpiresAt: null,
              errorCode: isPastDeadline ? "DEADLINE_EXCEEDED" : restarted ? "AGENT_RESTARTED" : "AGENT_SILENT",
              errorMessage: isPastDeadline
                ? deadlineMessage(job)
                : restarted
                  ? restartMessage(job, now)
                  : silentMessage(job),
              errorObject: objectsOf(job) || null,
            },
      });
      if (count === 0) return false;
      // A re-queued job keeps its locks: it is still the active job on its objects.
      if (!shouldRequeue) await tx.jobLock.deleteMany({ where: { jobId: job.id } });
      await writeAuditEntry(
        {
          actorType: "system",
          actorId: null,
          action: shouldRequeue ? "job.requeue" : "job.interrupt",
          object: `job ${job.id}`,
          result: shouldRequeue ? "ok" : "failed",
          at: now,
          detail: {
            host: job.host.name,
            kind: job.kind,
            attempt: job.attempt,
            reason: isPastDeadline ? "deadline" : restarted ? "agent restart" : "lease",
          },
        },
        tx,
      );
      return true;
    });
    if (changed) {
      counts[shouldRequeue ? "requeued" : "interrupted"]++;
      if (shouldRequeue) announceJobQueued(job.hostId);
      else announceJobEnded();
    }
  }
  return counts;
}

function objectsOf(job: StaleJob): string {
  return job.locks.map((lock) => describeJobLockKey(lock.key)).join(", ");
}

function whatToCheck(job: StaleJob): string {
  const objects = objectsOf(job);
  return (
    `Check the pitcrew agent on host ${job.host.name} (is it running? its log) and the state of ` +
    `${objects || "the objects it worked on"} (iiadm -i) before running the job again.`
  );
}

function silentMessage(job: StaleJob): string {
  // The last renewal set the lease to renewal + JOB_LEASE_MS, so that is when the agent was last heard.
  const lastHeard = job.leaseExpiresAt
    ? new Date(job.leaseExpiresAt.getTime() - JOB_LEASE_MS).toISOString()
    : "an unknown time";
  const repeats =
    jobIsIdempotent[job.kind as JobKind] && job.cancelRequestedAt === null
      ? ` It was not handed out again after ${job.attempt} attempts.`
      : "";
  return (
    `The agent on host ${job.host.name} went silent at ${lastHeard} while running ${job.kind} job ${job.id} ` +
    `(attempt ${job.attempt}); the job did not finish and may have stopped part-way.${repeats} ${whatToCheck(job)}`
  );
}

function restartMessage(job: StaleJob, now: Date): string {
  return (
    `The agent on host ${job.host.name} restarted at ${now.toISOString()} while running ${job.kind} job ${job.id} ` +
    `(attempt ${job.attempt}); the job did not finish. The agent resumes interrupted copies from the copy bitmap by itself. ` +
    whatToCheck(job)
  );
}

function deadlineMessage(job: StaleJob): string {
  return (
    `${job.kind} job ${job.id} (attempt ${job.attempt}) on host ${job.host.name} ran past its deadline of ` +
    `${job.deadlineSeconds} s at ${job.deadlineAt?.toISOString()}; it may still be running on the host. ${whatToCheck(job)}`
  );
}
