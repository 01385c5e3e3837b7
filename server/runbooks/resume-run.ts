import "server-only";
// Resumes a failed run once its cause is fixed: from the failed step, or from the quiesce when the
// failure was inside the freeze window (the freeze has ended, so the point in time is taken again).
// The step's jobs are planned again from the hosts' inventories, so what was done is not redone.
import type { RunbookStepKey } from "@/lib/runbook-steps";
import { resumeStepKey, runbookStepKeys, runbookStepSequence } from "@/lib/runbook-steps";
import { activeRunStates } from "@/lib/run-states";
import { writeAuditEntry } from "@/server/audit/write-audit-entry";
import { prisma } from "@/server/db";
import { AppError } from "@/server/errors";
import { parseStoredSpec } from "@/server/runbooks/parse-stored-spec";
import { checkRunTransition } from "@/server/runbooks/check-run-transition";
import { type RunSummary, runSummarySelect, toRunSummary } from "@/server/runbooks/run-select";

export async function resumeRun(input: {
  runId: string;
  userId: string | null;
  fromAddress?: string | null;
  now?: Date;
}): Promise<RunSummary> {
  const now = input.now ?? new Date();
  const run = await prisma.runbookRun.findUnique({
    where: { id: input.runId },
    select: {
      id: true,
      runbookId: true,
      runbookName: true,
      state: true,
      specJson: true,
      errorStep: true,
      version: true,
    },
  });
  if (!run) throw new AppError("NOT_FOUND", `run: ${input.runId} not found`);
  const refuse = async (message: string): Promise<never> => {
    await writeAuditEntry({
      actorType: input.userId ? "user" : "system",
      actorId: input.userId,
      action: "runbook.resume",
      object: `run ${run.id}`,
      result: "refused",
      detail: { message },
      fromAddress: input.fromAddress,
      at: now,
    });
    throw new AppError("CONFLICT", message);
  };
  if (run.state !== "failed") return refuse(`run ${run.id} is ${run.state}; only a failed run can be resumed`);
  if (run.runbookId === null)
    return refuse(
      `run ${run.id} belongs to runbook ${run.runbookName}, which was deleted; it can no longer be resumed`,
    );
  if (run.errorStep === "check" || !runbookStepKeys.includes(run.errorStep as RunbookStepKey)) {
    return refuse(`run ${run.id} failed its start check (nothing ran): fix the cause and start a new run`);
  }
  const other = await prisma.runbookRun.findFirst({
    where: { runbookId: run.runbookId, state: { in: [...activeRunStates] }, id: { not: run.id } },
    select: { id: true },
  });
  if (other) return refuse(`run ${other.id} of the same runbook is active; one run at a time`);
  const spec = parseStoredSpec(run.specJson, `run ${run.id}`);
  const from = resumeStepKey(runbookStepSequence(spec), run.errorStep as RunbookStepKey);
  checkRunTransition(run, "running");
  const { count } = await prisma.runbookRun.updateMany({
    where: { id: run.id, version: run.version, state: "failed" },
    data: {
      state: "running",
      stepKey: from,
      finishedAt: null,
      cancelRequestedAt: null,
      thawJobId: null,
      resumeJobId: null,
      errorStep: null,
      errorHost: null,
      errorCode: null,
      errorObject: null,
      errorMessage: null,
      version: { increment: 1 },
    },
  });
  if (count === 0) return refuse(`run ${run.id} changed while resuming; try again`);
  await writeAuditEntry({
    actorType: input.userId ? "user" : "system",
    actorId: input.userId,
    action: "runbook.resume",
    object: `run ${run.id}`,
    result: "ok",
    detail: { failedStep: run.errorStep, from },
    fromAddress: input.fromAddress,
    at: now,
  });
  return toRunSummary(await prisma.runbookRun.findUniqueOrThrow({ where: { id: run.id }, select: runSummarySelect }));
}
