import "server-only";
import { prisma } from "@/server/db";
import { type JobListItem, jobListSelect, toJobListItem } from "@/server/jobs/job-select";
import type { JobState } from "@/lib/job-states";

export interface ListJobsInput {
  hostId?: string;
  state?: JobState;
  kind?: string;
  /** Newest first; at most MAX_JOB_LIST_LIMIT. */
  limit?: number;
}

const DEFAULT_LIMIT = 50;
const MAX_JOB_LIST_LIMIT = 500;

export async function listJobs({ hostId, state, kind, limit = DEFAULT_LIMIT }: ListJobsInput = {}): Promise<
  JobListItem[]
> {
  const rows = await prisma.job.findMany({
    where: { hostId, state, kind },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(Math.max(1, Math.trunc(limit)), MAX_JOB_LIST_LIMIT),
    select: jobListSelect,
  });
  return rows.map(toJobListItem);
}
