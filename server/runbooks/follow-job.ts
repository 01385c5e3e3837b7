import "server-only";
// Follows the job of the step's current action: waits while it runs (watching a copy for its
// point in time), fails the step when it fails or its host went silent before it started, and
// when it succeeded takes in its effects (job-effects.ts) and moves the step to its next action.
import type { RunbookAction, RunbookStepKey } from "@/lib/runbook-steps";
import { prisma } from "@/server/db";
import { AppError } from "@/server/errors";
import { cancelJob } from "@/server/jobs/cancel-job";
import { parseJsonObject } from "@/server/jobs/job-select";
import { appendLog, commitRun, StaleRun } from "@/server/runbooks/commit-run";
import { failStep } from "@/server/runbooks/fail-step";
import { findPointInTime, watchCopy } from "@/server/runbooks/freeze-during-copy";
import { isHostSilent } from "@/server/runbooks/host-silence";
import { takeInJobResult } from "@/server/runbooks/job-effects";
import type { JobOutcome } from "@/server/runbooks/job-outcome";
import type { RunRow, RunStepRow } from "@/server/runbooks/run-select";

export async function followJob(
  run: RunRow,
  step: RunStepRow,
  action: RunbookAction,
  jobId: string,
  now: Date,
): Promise<boolean> {
  const job = await prisma.job.findUnique({
    where: { id: jobId },
    select: {
      state: true,
      attempt: true,
      resultJson: true,
      errorCode: true,
      errorMessage: true,
      errorObject: true,
      startedAt: true,
      finishedAt: true,
      host: { select: { lastHeartbeat: true } },
    },
  });
  if (!job)
    return failStep(
      run,
      step,
      action,
      { code: "JOB_MISSING", message: `job ${jobId} no longer exists`, object: null },
      now,
    );
  if (job.state === "queued" || job.state === "running") {
    const heartbeat = job.host.lastHeartbeat;
    if (job.state === "queued" && isHostSilent(heartbeat, now)) {
      await cancelJob({ jobId, userId: null, now }).catch((err: unknown) => {
        if (!(err instanceof AppError)) throw err;
      });
      return failStep(
        run,
        step,
        action,
        {
          code: "HOST_SILENT",
          message: `the agent of host ${action.host} has been silent since ${heartbeat?.toISOString() ?? "it enrolled"}; job ${jobId} was cancelled before it started`,
          object: `host ${action.host}`,
        },
        now,
      );
    }
    if (job.state === "running" && action.kind === "set.copy")
      return watchRunningCopy(run, step, jobId, job.attempt, now);
    return false;
  }
  if (job.state !== "succeeded") {
    const message = job.errorMessage ?? `job ${jobId} ended ${job.state}`;
    return failStep(
      run,
      step,
      action,
      {
        code: job.errorCode ?? job.state.toUpperCase(),
        message: `${message} (job ${jobId}, ${job.state})`,
        object: job.errorObject,
      },
      now,
    );
  }
  const outcome: JobOutcome = {
    jobId,
    result: parseJsonObject(job.resultJson) ?? {},
    startedAt: job.startedAt,
    finishedAt: job.finishedAt ?? now,
    pointInTime: action.kind === "set.copy" ? await findPointInTime(jobId, job.attempt) : null,
  };
  const effects = takeInJobResult(run, step.key as RunbookStepKey, action, outcome, now);
  if (effects.failure) {
    await commitRun(run, effects.run);
    return failStep(
      { ...run, ...(effects.run as Partial<RunRow>), version: run.version + 1 },
      step,
      action,
      effects.failure,
      now,
    );
  }
  await commitRun(run, effects.run, async (tx) => {
    const { count } = await tx.runbookStep.updateMany({
      where: { id: step.id, cursor: step.cursor },
      data: {
        cursor: step.cursor + 1,
        logJson: appendLog(
          step.log,
          now,
          `${action.label}: done${effects.log.length ? `; ${effects.log.join("; ")}` : ""}`,
        ),
      },
    });
    if (count === 0) throw new StaleRun();
    await effects.extra?.(tx);
  });
  return true;
}

/** A running copy of a run: the resume hook may go out now (every set cloned), or a scan-mode set is to be warned about. */
async function watchRunningCopy(
  run: RunRow,
  step: RunStepRow,
  jobId: string,
  attempt: number,
  now: Date,
): Promise<boolean> {
  const change = await watchCopy(run, jobId, attempt);
  if (!change) return false;
  await commitRun(run, change.run, async (tx) => {
    const { count } = await tx.runbookStep.updateMany({
      where: { id: step.id, cursor: step.cursor },
      data: { logJson: appendLog(step.log, now, ...change.log) },
    });
    if (count === 0) throw new StaleRun();
  });
  return true;
}
