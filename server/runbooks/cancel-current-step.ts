import "server-only";
// A cancel (cancel-run.ts sets cancelRequestedAt) reaches the step's running job first; the run
// then goes to cancelling, where thaw-run.ts thaws the application if it must.
import { prisma } from "@/server/db";
import { AppError } from "@/server/errors";
import { cancelJob } from "@/server/jobs/cancel-job";
import { appendLog, commitRun, endRunStep } from "@/server/runbooks/commit-run";
import { type RunRow, runStepSelect, toRunStepRow } from "@/server/runbooks/run-select";

export async function cancelCurrentStep(run: RunRow, now: Date): Promise<boolean> {
  const row = await prisma.runbookStep.findFirst({
    where: { runId: run.id, key: run.stepKey, state: "running" },
    orderBy: { attempt: "desc" },
    select: runStepSelect,
  });
  const step = row && toRunStepRow(row);
  if (step) {
    const jobId = step.jobIds[step.cursor];
    if (jobId) {
      const job = await prisma.job.findUnique({ where: { id: jobId }, select: { state: true } });
      if (job && (job.state === "queued" || job.state === "running")) {
        await cancelJob({ jobId, userId: null, now }).catch((err: unknown) => {
          if (!(err instanceof AppError)) throw err;
        });
        // A running job ends at its next chunk boundary; wait for it before letting go of the step.
        if (job.state === "running") return false;
      }
    }
  }
  await commitRun(
    run,
    { state: "cancelling", errorStep: run.stepKey, errorMessage: run.errorMessage ?? "cancelled by an operator" },
    async (tx) => {
      if (step)
        await endRunStep(tx, step, "cancelled", { finishedAt: now, logJson: appendLog(step.log, now, "cancelled") });
    },
  );
  return true;
}
