import "server-only";
// The run driver's one move (docs/architecture.md §5, docs/runbook-states.md): looks at a run and hands it to
// the handler of where it stands. A thawing or cancelling run thaws (thaw-run.ts); a cancel
// reaches the current step (cancel-current-step.ts); an approved run leaves the rejoin gate;
// otherwise the current step is started (start-step.ts), its next job issued (issue-job.ts) or
// followed (follow-job.ts), or the step is done (complete-step.ts). A failure anywhere stops the
// run (fail-step.ts).
//
// Every change is a conditional update on RunbookRun.version (commit-run.ts) and every job has an
// idempotency key derived from the run, the step and the action, so several console processes may
// drive one run: the one that loses a race re-reads and finds the work done.
import { isActiveRunState } from "@/lib/run-states";
import { prisma } from "@/server/db";
import { cancelCurrentStep } from "@/server/runbooks/cancel-current-step";
import { commitRun, StaleRun } from "@/server/runbooks/commit-run";
import { completeStep } from "@/server/runbooks/complete-step";
import { followJob } from "@/server/runbooks/follow-job";
import { issueJob } from "@/server/runbooks/issue-job";
import { runRowSelect, runStepSelect, toRunRow, toRunStepRow } from "@/server/runbooks/run-select";
import { startStep } from "@/server/runbooks/start-step";
import { thawRun } from "@/server/runbooks/thaw-run";

/** Moves per call: a run whose jobs finish quickly goes several steps without waiting for the next tick. */
const MAX_MOVES = 50;

export async function advanceRun(runId: string): Promise<void> {
  for (let move = 0; move < MAX_MOVES; move++) {
    let moved: boolean;
    try {
      moved = await advanceOnce(runId, new Date());
    } catch (err) {
      if (err instanceof StaleRun) continue;
      throw err;
    }
    if (!moved) return;
  }
}

async function advanceOnce(runId: string, now: Date): Promise<boolean> {
  const row = await prisma.runbookRun.findUnique({ where: { id: runId }, select: runRowSelect });
  if (!row || !isActiveRunState(row.state)) return false;
  const run = toRunRow(row);
  if (run.state === "thawing" || run.state === "cancelling") return thawRun(run, now);
  if (run.cancelRequestedAt) return cancelCurrentStep(run, now);
  if (run.state === "awaiting-approval") {
    if (!run.approvedAt) return false;
    await commitRun(run, { state: "running" });
    return true;
  }
  const stepRow = await prisma.runbookStep.findFirst({
    where: { runId: run.id, key: run.stepKey },
    orderBy: { attempt: "desc" },
    select: runStepSelect,
  });
  const step = stepRow && toRunStepRow(stepRow);
  if (!step || step.state !== "running") return startStep(run, (step?.attempt ?? 0) + 1, now);
  if (step.cursor >= step.actions.length) return completeStep(run, step, step.actions.length === 0, now);
  const action = step.actions[step.cursor]!;
  const jobId = step.jobIds[step.cursor];
  if (!jobId) return issueJob(run, step, action, now);
  return followJob(run, step, action, jobId, now);
}
