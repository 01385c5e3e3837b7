import "server-only";
// Issues the job of the step's current action. Its idempotency key is derived from the run, the
// step and the action, so two console processes issuing it get one job; the step records it with
// a conditional update, so only one of them appends it.
import type { RunbookAction } from "@/lib/runbook-steps";
import { prisma } from "@/server/db";
import { AppError } from "@/server/errors";
import { startStorageJob } from "@/server/storage/start-storage-job";
import { appendLog, commitRun, StaleRun } from "@/server/runbooks/commit-run";
import { failStep } from "@/server/runbooks/fail-step";
import type { RunRow, RunStepRow } from "@/server/runbooks/run-select";

export async function issueJob(run: RunRow, step: RunStepRow, action: RunbookAction, now: Date): Promise<boolean> {
  if (run.resumeJobId && action.kind === "hook.run" && action.args.purpose === "resume")
    return adoptEarlyResume(run, step, action, run.resumeJobId, now);
  let jobId: string;
  try {
    const job = await startStorageJob({
      caller: null,
      fromAddress: null,
      hostName: action.host,
      kind: action.kind,
      args: action.args,
      idempotencyKey: `run:${run.id}:${step.id}:${step.cursor}`,
    });
    jobId = job.id;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return failStep(run, step, action, { code: err.code, message: err.message, object: null }, now);
  }
  const { count } = await prisma.runbookStep.updateMany({
    where: { id: step.id, cursor: step.cursor, jobIdsJson: step.jobIdsJson },
    data: {
      jobIdsJson: JSON.stringify([...step.jobIds, jobId]),
      logJson: appendLog(step.log, now, `${action.label}: job ${jobId} on ${action.host}`),
    },
  });
  if (count === 0) throw new StaleRun();
  return true;
}

/** The resume hook went out during the copy (freeze-during-copy.ts): the resume action is that job. */
async function adoptEarlyResume(
  run: RunRow,
  step: RunStepRow,
  action: RunbookAction,
  jobId: string,
  now: Date,
): Promise<boolean> {
  await commitRun(run, { resumeJobId: null }, async (tx) => {
    const { count } = await tx.runbookStep.updateMany({
      where: { id: step.id, cursor: step.cursor, jobIdsJson: step.jobIdsJson },
      data: {
        jobIdsJson: JSON.stringify([...step.jobIds, jobId]),
        logJson: appendLog(step.log, now, `${action.label}: issued during the copy as job ${jobId} on ${action.host}`),
      },
    });
    if (count === 0) throw new StaleRun();
  });
  return true;
}
