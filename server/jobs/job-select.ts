import "server-only";
// The only Job fields a client sees (docs/architecture.md §10 rule 3), and the mappers that turn the JSON text
// columns into objects and dates into ISO strings (tRPC runs without a transformer, so a Date
// would reach the browser as a string while its type still said Date).
import type { Prisma } from "@/generated/sqlite/client";

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
  kind: string;
  state: string;
  phase: string | null;
  progress: Record<string, unknown> | null;
  attempt: number;
  requestedById: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  cancelRequestedAt: string | null;
  error: JobError | null;
}

export interface JobDetail extends JobListItem {
  args: Record<string, unknown>;
  result: Record<string, unknown> | null;
  idempotencyKey: string | null;
  requestedBy: string | null;
  leaseExpiresAt: string | null;
  deadlineSeconds: number;
  deadlineAt: string | null;
}

export interface JobEventItem {
  attempt: number;
  seq: number;
  at: string;
  type: string;
  message: string | null;
  progress: Record<string, unknown> | null;
}

type JobListRow = Prisma.JobGetPayload<{ select: typeof jobListSelect }>;
type JobDetailRow = Prisma.JobGetPayload<{ select: typeof jobDetailSelect }>;
type JobEventRow = Prisma.JobEventGetPayload<{ select: typeof jobEventSelect }>;

/** Parses a JSON text column that holds an object; anything else (or null) becomes null. */
export function parseJsonObject(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function iso(date: Date | null): string | null {
  return date?.toISOString() ?? null;
}

export function toJobListItem(row: JobListRow): JobListItem {
  return {
    id: row.id,
    hostId: row.hostId,
    hostName: row.host.name,
    kind: row.kind,
    state: row.state,
    phase: row.phase,
    progress: parseJsonObject(row.progressJson),
    attempt: row.attempt,
    requestedById: row.requestedById,
    createdAt: row.createdAt.toISOString(),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
    cancelRequestedAt: iso(row.cancelRequestedAt),
    error: row.errorCode === null && row.errorMessage === null
      ? null
      : { code: row.errorCode ?? "UNKNOWN", message: row.errorMessage ?? "", object: row.errorObject },
  };
}

export function toJobDetail(row: JobDetailRow): JobDetail {
  return {
    ...toJobListItem(row),
    args: parseJsonObject(row.argsJson) ?? {},
    result: parseJsonObject(row.resultJson),
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
    progress: parseJsonObject(row.progressJson),
  };
}
