import "server-only";
// Queues a job (docs/architecture.md §4): validates the kind and its args against lib/job-types, refuses
// unknown and revoked hosts, and takes the job's locks in the same transaction as the insert, so
// "one active job per set, group and disk group" holds even when two requests race.
import { type JobKind, jobArgsSchemas, jobKinds } from "@/lib/job-types";
import { writeAuditEntry } from "@/server/audit/write-audit-entry";
import { prisma } from "@/server/db";
import { inTransaction } from "@/server/db-transaction";
import { AppError } from "@/server/errors";
import { getJob } from "@/server/jobs/get-job";
import { isUniqueViolation } from "@/server/jobs/is-unique-violation";
import { describeJobLockKey, hostJobLockKeys } from "@/server/jobs/job-lock-keys";
import type { JobDetail } from "@/server/jobs/job-select";
import { DEFAULT_JOB_DEADLINE_SECONDS, MAX_JOB_DEADLINE_SECONDS } from "@/server/jobs/job-timing";
import { announceJobQueued } from "@/server/jobs/job-wakeups";

export interface CreateJobInput {
  hostId: string;
  kind: string;
  args: unknown;
  /** The signed-in user, or null for the system (runbooks). */
  requestedById: string | null;
  idempotencyKey?: string | null;
  /**
   * Objects the job works on beyond those its args name ("set:<shadow>" for each member of a
   * targeted group), so that it conflicts with jobs on any of them.
   */
  extraLockKeys?: readonly string[];
  deadlineSeconds?: number | null;
  fromAddress?: string | null;
  now?: Date;
}

// A lock holder can finish between our failed insert and the lookup that names it; then the
// insert is simply tried again. Three tries is plenty: each one needs a job to finish in between.
const INSERT_TRIES = 3;

export async function createJob(input: CreateJobInput): Promise<JobDetail> {
  try {
    return await insertJob(input);
  } catch (error) {
    if (error instanceof AppError) {
      await writeAuditEntry({
        actorType: input.requestedById ? "user" : "system",
        actorId: input.requestedById,
        action: "job.create",
        object: `host ${input.hostId}`,
        result: "refused",
        detail: { kind: input.kind, code: error.code, message: error.message },
        fromAddress: input.fromAddress,
        at: input.now,
      });
    }
    throw error;
  }
}

async function insertJob(input: CreateJobInput): Promise<JobDetail> {
  const host = await prisma.host.findUnique({
    where: { id: input.hostId },
    select: { id: true, name: true, revokedAt: true },
  });
  if (!host) throw new AppError("NOT_FOUND", `Host ${input.hostId} not found`);
  if (host.revokedAt) {
    throw new AppError(
      "CONFLICT",
      `Host ${host.name} was revoked at ${host.revokedAt.toISOString()}; it accepts no jobs`,
    );
  }
  const kind = parseKind(input.kind, host.name);
  const args = parseArgs(kind, input.args, host.name);
  const deadlineSeconds = parseDeadline(input.deadlineSeconds, kind, host.name);
  const idempotencyKey = parseIdempotencyKey(input.idempotencyKey, kind, host.name);
  const argsJson = JSON.stringify(args);
  const request = { hostId: host.id, hostName: host.name, kind, argsJson };

  if (idempotencyKey) {
    const replay = await findReplay(idempotencyKey, request);
    if (replay) return replay;
  }
  const lockKeys = [
    ...new Set([...hostJobLockKeys(host.id, args), ...(input.extraLockKeys ?? []).map((key) => `${host.id}:${key}`)]),
  ];
  for (let tries = 1; ; tries++) {
    try {
      const jobId = await inTransaction(async (tx) => {
        const job = await tx.job.create({
          data: {
            hostId: host.id,
            kind,
            argsJson,
            deadlineSeconds,
            requestedById: input.requestedById,
            idempotencyKey,
            createdAt: input.now,
          },
          select: { id: true },
        });
        if (lockKeys.length > 0) await tx.jobLock.createMany({ data: lockKeys.map((key) => ({ key, jobId: job.id })) });
        await writeAuditEntry(
          {
            actorType: input.requestedById ? "user" : "system",
            actorId: input.requestedById,
            action: "job.create",
            object: `job ${job.id}`,
            result: "ok",
            detail: { host: host.name, kind, args },
            fromAddress: input.fromAddress,
            at: input.now,
          },
          tx,
        );
        return job.id;
      });
      announceJobQueued(host.id);
      return await getJob({ jobId });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Either the idempotency key (a concurrent replay) or a lock (a busy object) was taken.
      if (idempotencyKey) {
        const replay = await findReplay(idempotencyKey, request);
        if (replay) return replay;
      }
      const holder = await prisma.jobLock.findFirst({
        where: { key: { in: lockKeys } },
        orderBy: { key: "asc" },
        select: { key: true, job: { select: { id: true, kind: true, state: true } } },
      });
      if (holder) {
        throw new AppError(
          "CONFLICT",
          `${describeJobLockKey(holder.key)} is busy: job ${holder.job.id} (${holder.job.kind}, ${holder.job.state}) is in the way`,
        );
      }
      if (tries >= INSERT_TRIES) {
        throw new AppError(
          "CONFLICT",
          `Could not queue ${kind} on host ${host.name}: its objects stayed busy; try again`,
          { cause: error },
        );
      }
    }
  }
}

function parseKind(kind: string, hostName: string): JobKind {
  if ((jobKinds as string[]).includes(kind)) return kind as JobKind;
  throw new AppError(
    "INVALID_INPUT",
    `kind: unknown job kind "${kind}" for host ${hostName}; expected one of ${jobKinds.join(", ")}`,
  );
}

function parseArgs(kind: JobKind, args: unknown, hostName: string): Record<string, unknown> {
  const parsed = jobArgsSchemas[kind].safeParse(args);
  if (parsed.success) return parsed.data as Record<string, unknown>;
  const issues = parsed.error.issues.map(
    (issue) => `${["args", ...issue.path.map(String)].join(".")}: ${issue.message}`,
  );
  throw new AppError("INVALID_INPUT", `Invalid ${kind} job for host ${hostName}: ${issues.join("; ")}`, {
    cause: parsed.error,
  });
}

function parseDeadline(seconds: number | null | undefined, kind: JobKind, hostName: string): number {
  if (seconds === undefined || seconds === null) return DEFAULT_JOB_DEADLINE_SECONDS;
  if (Number.isInteger(seconds) && seconds >= 1 && seconds <= MAX_JOB_DEADLINE_SECONDS) return seconds;
  throw new AppError(
    "INVALID_INPUT",
    `deadlineSeconds: ${seconds} is not a whole number of seconds from 1 to ${MAX_JOB_DEADLINE_SECONDS} (${kind} job for host ${hostName})`,
  );
}

function parseIdempotencyKey(key: string | null | undefined, kind: JobKind, hostName: string): string | null {
  if (key === undefined || key === null) return null;
  if (key.length >= 1 && key.length <= 200) return key;
  throw new AppError("INVALID_INPUT", `idempotencyKey: must be 1 to 200 characters (${kind} job for host ${hostName})`);
}

/** The job an earlier request with this key created, if it asked for the same thing; CONFLICT if not. */
async function findReplay(
  idempotencyKey: string,
  request: { hostId: string; hostName: string; kind: string; argsJson: string },
): Promise<JobDetail | null> {
  const existing = await prisma.job.findUnique({
    where: { idempotencyKey },
    select: { id: true, hostId: true, kind: true, argsJson: true, host: { select: { name: true } } },
  });
  if (!existing) return null;
  if (existing.hostId === request.hostId && existing.kind === request.kind && existing.argsJson === request.argsJson) {
    return getJob({ jobId: existing.id });
  }
  throw new AppError(
    "CONFLICT",
    `Idempotency key "${idempotencyKey}" was already used for job ${existing.id} (${existing.kind} on host ${existing.host.name}) ` +
      `with a different request than this ${request.kind} on host ${request.hostName}`,
  );
}
