import "server-only";
import { prisma } from "@/server/db";
import { AppError } from "@/server/errors";
import { type RunDetail, runDetailSelect, toRunDetail } from "@/server/runbooks/run-select";

export async function getRun(runId: string): Promise<RunDetail> {
  const row = await prisma.runbookRun.findUnique({ where: { id: runId }, select: runDetailSelect });
  if (!row) throw new AppError("NOT_FOUND", `run: ${runId} not found`);
  return toRunDetail(row);
}
