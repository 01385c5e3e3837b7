import "server-only";
// Cancels a run: an active run stops its running job at the next chunk boundary, thaws the
// application if it is quiesced, and ends cancelled (the run driver does that); a failed run is
// abandoned (it can no longer be resumed).
import { isActiveRunState } from "@/lib/run-states";
import { writeAuditEntry } from "@/server/audit/write-audit-entry";
import { prisma } from "@/server/db";
import { AppError } from "@/server/errors";
import { checkRunTransition } from "@/server/runbooks/check-run-transition";
import { type RunSummary, runSummarySelect, toRunSummary } from "@/server/runbooks/run-select";

export async function cancelRun(input: {
  runId: string;
  userId: string | null;
  fromAddress?: string | null;
  now?: Date;
}): Promise<RunSummary> {
  const now = input.now ?? new Date();
  const run = await prisma.runbookRun.findUnique({
    where: { id: input.runId },
    select: { id: true, state: true, version: true },
  });
  if (!run) throw new AppError("NOT_FOUND", `run: ${input.runId} not found`);
  const audit = {
    actorType: input.userId ? "user" : "system",
    actorId: input.userId,
    action: "runbook.cancel",
    object: `run ${run.id}`,
    fromAddress: input.fromAddress,
    at: now,
  } as const;
  let data;
  if (run.state === "failed") {
    checkRunTransition(run, "cancelled");
    data = { state: "cancelled", cancelRequestedAt: now };
  } else if (isActiveRunState(run.state)) data = { cancelRequestedAt: now };
  else {
    const message = `run ${run.id} has already ended (${run.state})`;
    await writeAuditEntry({ ...audit, result: "refused", detail: { message } });
    throw new AppError("CONFLICT", message);
  }
  const { count } = await prisma.runbookRun.updateMany({
    where: { id: run.id, version: run.version },
    data: { ...data, version: { increment: 1 } },
  });
  if (count === 0) throw new AppError("CONFLICT", `run ${run.id} changed while cancelling; try again`);
  await writeAuditEntry({ ...audit, result: "ok", detail: { from: run.state } });
  return toRunSummary(await prisma.runbookRun.findUniqueOrThrow({ where: { id: run.id }, select: runSummarySelect }));
}
