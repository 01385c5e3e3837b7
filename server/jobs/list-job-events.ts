import "server-only";
// A job's events in order (attempt, then seq), for the job page. Polling passes the last event
// it has as `after` and receives only what came since.
import { prisma } from "@/server/db";
import { AppError } from "@/server/errors";
import { type JobEventItem, jobEventSelect, toJobEventItem } from "@/server/jobs/job-select";

export interface ListJobEventsInput {
  jobId: string;
  after?: { attempt: number; seq: number } | null;
  limit?: number;
}

const DEFAULT_LIMIT = 200;
const MAX_EVENT_LIST_LIMIT = 1000;

export async function listJobEvents({
  jobId,
  after,
  limit = DEFAULT_LIMIT,
}: ListJobEventsInput): Promise<JobEventItem[]> {
  const job = await prisma.job.findUnique({ where: { id: jobId }, select: { id: true } });
  if (!job) throw new AppError("NOT_FOUND", `Job ${jobId} not found`);
  const rows = await prisma.jobEvent.findMany({
    where: {
      jobId,
      ...(after
        ? { OR: [{ attempt: { gt: after.attempt } }, { attempt: after.attempt, seq: { gt: after.seq } }] }
        : {}),
    },
    orderBy: [{ attempt: "asc" }, { seq: "asc" }],
    take: Math.min(Math.max(1, Math.trunc(limit)), MAX_EVENT_LIST_LIMIT),
    select: jobEventSelect,
  });
  return rows.map(toJobEventItem);
}
