import "server-only";
// The update step's copy job in a run: when its point in time was taken and how long the copy
// took. With every set cloned (instant mode) the clones are the point in time; otherwise the end
// of the copy under quiesce is (docs/consistency-modes.md).
import { describePointInTime, isInstantPointInTime } from "@/lib/runbook-freeze";
import type { RunbookStepKey } from "@/lib/runbook-steps";
import { type JobEffects, type JobOutcome, logSeconds, noEffects } from "@/server/runbooks/job-outcome";

export function copyEffects(stepKey: RunbookStepKey, job: JobOutcome): JobEffects {
  // The update's point in time is archived; the resync's after a rejoin is not.
  if (stepKey !== "update") return noEffects();
  const copyMs = job.startedAt ? Math.max(0, job.finishedAt.getTime() - job.startedAt.getTime()) : null;
  const copied = copyMs === null ? "" : `; copied in ${logSeconds(copyMs)}`;
  if (isInstantPointInTime(job.pointInTime)) {
    const at = new Date(job.pointInTime.at);
    return {
      run: { pointInTime: at, copyMs },
      log: [`point in time ${at.toISOString()} (${describePointInTime(job.pointInTime)})${copied}`],
    };
  }
  const how = job.pointInTime ? describePointInTime(job.pointInTime) : "no clone reported";
  return {
    run: { pointInTime: job.finishedAt, copyMs },
    log: [`point in time ${job.finishedAt.toISOString()} (the end of the copy; ${how})${copied}`],
  };
}
