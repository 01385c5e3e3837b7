import "server-only";
// The only place a job is claimed (docs/architecture.md §10 rule 8). Prisma's fluent API has no row locking
// (prisma/orm#5983), so a claim is a conditional update: pick the oldest queued job of the host,
// then update it only if it is still queued. count 1 means it is ours; 0 means another claim won
// the race, so try the next candidate. Works unchanged on SQLite and PostgreSQL.
import type { ClaimedJob } from "@/lib/agent-protocol";
import { writeAuditEntry } from "@/server/audit/write-audit-entry";
import { prisma } from "@/server/db";
import { inTransaction } from "@/server/db-transaction";
import { expireStaleLeases } from "@/server/jobs/expire-stale-leases";
import { leaseGraceUntil } from "@/server/jobs/lease-grace";
import { parseJsonObject } from "@/server/jobs/job-select";
import { JOB_LEASE_MS } from "@/server/jobs/job-timing";

// Candidates read per round. A host runs a handful of jobs at a time, so a small batch almost
// always holds the winner; losing every candidate just reads the next batch.
const CANDIDATE_BATCH = 10;

/** "resume": only resume hooks, for an agent that runs them beside the job it is busy with (agent-loop.ts). */
export type ClaimFilter = "resume" | null;

const isResumeHook = (job: { kind: string; argsJson: string }) =>
  job.kind === "hook.run" && parseJsonObject(job.argsJson)?.purpose === "resume";

export async function claimNextJob({
  hostId,
  only = null,
  now = new Date(),
}: {
  hostId: string;
  only?: ClaimFilter;
  now?: Date;
}): Promise<ClaimedJob | null> {
  // Sweep first: a job whose agent went silent is re-queued (or interrupted) before anyone claims,
  // so a returning agent can pick its idempotent work up again at once. Not for a claim of resume
  // hooks: it comes from an agent busy with a job, and right after a console restart it can
  // arrive before that job's lease renewal does; the sweep would then interrupt a live copy.
  // The sweeper's timer still finds every silent agent. Right after this console started, only
  // deadlines expire jobs for a while (lease-grace.ts).
  if (only !== "resume") await expireStaleLeases(now, { leaseGraceUntil: leaseGraceUntil() });
  for (;;) {
    const batch = await prisma.job.findMany({
      where: { hostId, state: "queued", ...(only === "resume" ? { kind: "hook.run" } : {}) },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      // A host has few queued hooks: read them all, so a resume queued behind other hooks is seen.
      take: only === "resume" ? undefined : CANDIDATE_BATCH,
      select: { id: true, kind: true, argsJson: true, deadlineSeconds: true },
    });
    if (batch.length === 0) return null;
    const candidates = only === "resume" ? batch.filter(isResumeHook) : batch;
    if (candidates.length === 0) return null;
    for (const candidate of candidates) {
      const claimed = await claimCandidate(hostId, candidate, now);
      if (claimed) return claimed;
    }
  }
}

async function claimCandidate(
  hostId: string,
  candidate: { id: string; deadlineSeconds: number },
  now: Date,
): Promise<ClaimedJob | null> {
  const leaseExpiresAt = new Date(now.getTime() + JOB_LEASE_MS);
  const deadlineAt = new Date(now.getTime() + candidate.deadlineSeconds * 1000);
  return inTransaction(async (tx) => {
    const { count } = await tx.job.updateMany({
      where: { id: candidate.id, state: "queued" },
      data: {
        state: "running",
        attempt: { increment: 1 },
        startedAt: now,
        leaseExpiresAt,
        deadlineAt,
        // A re-queued job starts its new attempt without the old attempt's progress.
        phase: null,
        progressJson: null,
      },
    });
    if (count === 0) return null;
    const job = await tx.job.findUniqueOrThrow({
      where: { id: candidate.id },
      select: { id: true, kind: true, argsJson: true, attempt: true },
    });
    await writeAuditEntry(
      {
        actorType: "agent",
        actorId: hostId,
        action: "job.claim",
        object: `job ${job.id}`,
        result: "ok",
        detail: { kind: job.kind, attempt: job.attempt },
        at: now,
      },
      tx,
    );
    return {
      id: job.id,
      kind: job.kind,
      args: parseJsonObject(job.argsJson) ?? {},
      attempt: job.attempt,
      leaseExpiresAt: leaseExpiresAt.getTime(),
      deadlineAt: deadlineAt.getTime(),
    };
  });
}
