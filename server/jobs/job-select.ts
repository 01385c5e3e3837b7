import "server-only";
// The only Job fields a client sees (docs/architecture.md §10 rule 3), and the mappers that turn the JSON text
// columns into objects and dates into ISO strings (tRPC runs without a transformer, so a Date
// would reach the browser as a string while its type still said Date). Progress and results are
// parsed here, once, with their schemas (lib/copy-progress.ts, lib/job-results.ts), so clients
// get them typed.
import type { z } from "zod";
import type { Prisma } from "@/generated/sqlite/client";
import { jobProgressSchema, type JobProgress } from "@/lib/copy-progress";
import { resultOf, type ReportedJobResult } from "@/lib/job-results";
import { isJobKind, type JobKind, type StoredJobArgs } from "@/lib/job-types";

export const jobListSelect = {
  id: true,
  hostId: true,
  host: { select: { name: true } },
  kind: true,
  state: true,
  phase: true,
  progressJson: true,
  attempt: true,
  requestedById: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  cancelRequestedAt: true,
  errorCode: true,
  errorMessage: true,
  errorObject: true,
} satisfies Prisma.JobSelect;

export const jobDetailSelect = {
  ...jobListSelect,
  argsJson: true,
  resultJson: true,
  idempotencyKey: true,
  leaseExpiresAt: true,
  deadlineSeconds: true,
  deadlineAt: true,
  requestedBy: { select: { username: true } },
} satisfies Prisma.JobSelect;

export const jobEventSelect = {
  attempt: true,
  seq: true,
  at: true,
  type: true,
  message: true,
  progressJson: true,
} satisfies Prisma.JobEventSelect;

export interface JobError {
  code: string;
  message: string;
  object: string | null;
}

export interface JobListItem {
  id: string;
  hostId: string;
  hostName: string;
  kind: JobKind;
  state: string;
  phase: string | null;
  progress: JobProgress | null;
  attempt: number;
  requestedById: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  cancelRequestedAt: string | null;
  error: JobError | null;
}

interface JobDetailFields extends JobListItem {
  idempotencyKey: string | null;
  requestedBy: string | null;
  leaseExpiresAt: string | null;
  deadlineSeconds: number;
  deadlineAt: string | null;
}

/** A job with its kind's arguments and result: narrow on `kind` to read their fields. */
export type JobDetail = {
  [K in JobKind]: JobDetailFields & { kind: K; args: StoredJobArgs<K>; result: ReportedJobResult<K> | null };
}[JobKind];

export interface JobEventItem {
  attempt: number;
  seq: number;
  at: string;
  type: string;
  message: string | null;
  progress: JobProgress | null;
}

type JobListRow = Prisma.JobGetPayload<{ select: typeof jobListSelect }>;
type JobDetailRow = Prisma.JobGetPayload<{ select: typeof jobDetailSelect }>;
type JobEventRow = Prisma.JobEventGetPayload<{ select: typeof jobEventSelect }>;

/** Parses a JSON text column that holds an object; anything else (or null) becomes null. */
export function parseJsonObject(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** A JSON column checked against its schema; null when empty or when it does not match. */
function parseJsonColumn<T>(schema: z.ZodType<T>, text: string | null): T | null {
  const parsed = schema.safeParse(parseJsonObject(text));
  return parsed.success ? parsed.data : null;
}

/**
 * The kind as stored: createJob stores only kinds of lib/job-types.ts, so another one is a row
 * written by a newer console; it is shown as is, and read like a job without a known result.
 */
function kindOf(kind: string): JobKind {
  return kind as JobKind;
}

function iso(date: Date | null): string | null {
  return date?.toISOString() ?? null;
}

export function toJobListItem(row: JobListRow): JobListItem {
  return {
    id: row.id,
    hostId: row.hostId,
    hostName: row.host.name,
    kind: kindOf(row.kind),
    state: row.state,
    phase: row.phase,
    progress: parseJsonColumn(jobProgressSchema, row.progressJson),
    attempt: row.attempt,
    requestedById: row.requestedById,
    createdAt: row.createdAt.toISOString(),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
    cancelRequestedAt: iso(row.cancelRequestedAt),
    error:
      row.errorCode === null && row.errorMessage === null
        ? null
        : { code: row.errorCode ?? "UNKNOWN", message: row.errorMessage ?? "", object: row.errorObject },
  };
}

export function toJobDetail(row: JobDetailRow): JobDetail {
  const result = parseJsonObject(row.resultJson);
  return {
    ...toJobListItem(row),
    args: parseJsonObject(row.argsJson) ?? {},
    // Validated against the kind when the agent finished the job (server/jobs/finish-job.ts).
    result: result && isJobKind(row.kind) ? resultOf({ result }, row.kind) : result,
    idempotencyKey: row.idempotencyKey,
    requestedBy: row.requestedBy?.username ?? null,
    leaseExpiresAt: iso(row.leaseExpiresAt),
    deadlineSeconds: row.deadlineSeconds,
    deadlineAt: iso(row.deadlineAt),
  };
}

export function toJobEventItem(row: JobEventRow): JobEventItem {
  return {
    attempt: row.attempt,
    seq: row.seq,
    at: row.at.toISOString(),
    type: row.type,
    message: row.message,
    progress: parseJsonColumn(jobProgressSchema, row.progressJson),
  };
}
