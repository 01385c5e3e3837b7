import "server-only";
import { prisma } from "@/server/db";
import { AppError } from "@/server/errors";
import { type JobDetail, jobDetailSelect, toJobDetail } from "@/server/jobs/job-select";

export async function getJob({ jobId }: { jobId: string }): Promise<JobDetail> {
  const row = await prisma.job.findUnique({ where: { id: jobId }, select: jobDetailSelect });
  if (!row) throw new AppError("NOT_FOUND", `Job ${jobId} not found`);
  return toJobDetail(row);
}
