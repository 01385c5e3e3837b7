import "server-only";
// The rejoin gate: a runbook with approveRejoin stops before the rejoin, showing how many chunks
// the backup host wrote (the master's data wins at the update); an operator approves to go on.
import { writeAuditEntry } from "@/server/audit/write-audit-entry";
import { prisma } from "@/server/db";
import { AppError } from "@/server/errors";
import { type RunSummary, runSummarySelect, toRunSummary } from "@/server/runbooks/run-select";

export async function approveRun(input: {
  runId: string;
  userId: string | null;
  username: string;
  fromAddress?: string | null;
  now?: Date;
}): Promise<RunSummary> {
  const now = input.now ?? new Date();
  const run = await prisma.runbookRun.findUnique({
    where: { id: input.runId },
    select: { id: true, state: true, version: true, backupWrites: true },
  });
  if (!run) throw new AppError("NOT_FOUND", `run: ${input.runId} not found`);
  if (run.state !== "awaiting-approval")
    throw new AppError("CONFLICT", `run ${run.id} is ${run.state}, not awaiting approval`);
  const { count } = await prisma.runbookRun.updateMany({
    where: { id: run.id, version: run.version, state: "awaiting-approval" },
    data: { approvedAt: now, approvedBy: input.username, version: { increment: 1 } },
  });
  if (count === 0) throw new AppError("CONFLICT", `run ${run.id} changed while approving; try again`);
  await writeAuditEntry({
    actorType: input.userId ? "user" : "system",
    actorId: input.userId,
    action: "runbook.approve",
    object: `run ${run.id}`,
    result: "ok",
    detail: { backupWrites: run.backupWrites },
    fromAddress: input.fromAddress,
    at: now,
  });
  return toRunSummary(await prisma.runbookRun.findUniqueOrThrow({ where: { id: run.id }, select: runSummarySelect }));
}
