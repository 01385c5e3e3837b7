import "server-only";
// Every change of a run's or a step's state is checked against the tables in lib/ before it is
// written: a move the machine does not have is a bug (or a row changed by hand), and it must
// stop the run driver loudly rather than leave a run in a state nothing drives out of.
import { canTransitionRun, type RunState } from "@/lib/run-states";
import { canTransitionRunStep, type RunStepState } from "@/lib/run-step-states";
import { AppError } from "@/server/errors";

export function checkRunTransition(run: { id: string; state: string }, to: RunState): void {
  if (!canTransitionRun(run.state, to))
    throw new AppError("CONFLICT", `run ${run.id}: illegal transition from ${run.state} to ${to}`);
}

export function checkRunStepTransition(
  step: { id: string; runId: string; key: string; attempt: number; state: string },
  to: RunStepState,
): void {
  if (!canTransitionRunStep(step.state, to)) {
    throw new AppError(
      "CONFLICT",
      `run ${step.runId} step ${step.key} (attempt ${step.attempt}, ${step.id}): illegal transition from ${step.state} to ${to}`,
    );
  }
}
